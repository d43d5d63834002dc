/**
 * Getting events to subscribers: dispatch (stored event → one backlog row per matching
 * subscription), signed asynchronous POSTs (carrying what the subscription's creator may read),
 * retries with backoff for 72 hours, the attempt log, subscription health (warnings, auto-pause,
 * admin mail), and removing a dropped backlog's or a deleted subscription's rows in batches after
 * the fact. Owns webhook_delivery, delivery_attempt and dispatch_owed (the delayed dispatches the
 * database knows it owes, swept when their JMS message is lost).
 */
package dev.eventlog.delivery;
