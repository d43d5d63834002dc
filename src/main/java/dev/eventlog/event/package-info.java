/**
 * The event itself and the Close-compatible Event Log API: the entity, its public JSON, query
 * parsing, cursors and keyset pagination, and the API's limits (rate per key, queries at once,
 * statement timeout). Read-only towards the table; writes belong to {@code ingest}.
 */
package dev.eventlog.event;
