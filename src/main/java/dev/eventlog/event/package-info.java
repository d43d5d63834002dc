/**
 * The event itself and the Close-compatible Event Log API: the entity, its public JSON, query
 * parsing, cursors and keyset pagination. Read-only towards the table; writes belong to
 * {@code ingest}.
 */
package dev.eventlog.event;
