/**
 * Taking events in: the REST batch endpoint and the ingest queue's message-driven bean, the
 * parser that validates both forms (full and emit), the store that writes each event id exactly
 * once, and the parking of what cannot be taken (on the rejected queue, with the reason). Owns
 * writes to the event table; reading it belongs to {@code event}.
 */
package dev.eventlog.ingest;
