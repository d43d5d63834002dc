/**
 * Getting events to subscribers: dispatch (stored event → one backlog row per matching
 * subscription), signed asynchronous POSTs, retries with backoff for 72 hours, the attempt log,
 * and subscription health (warnings, auto-pause, admin mail). Owns webhook_delivery,
 * delivery_attempt and dispatch_owed (the delayed dispatches the database knows it owes, swept
 * when their JMS message is lost).
 */
package dev.eventlog.delivery;
