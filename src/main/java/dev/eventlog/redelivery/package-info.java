/**
 * Deliveries an integrator asks for, on top of what dispatch sends by itself: a signed test event
 * answered with its outcome ({@link dev.eventlog.redelivery.TestDeliveryResource}), one delivery
 * sent again now ({@link dev.eventlog.redelivery.ResendResource}), and the recovery of a window of
 * the log ({@link dev.eventlog.redelivery.RecoveryResource}, run in bounded steps by
 * {@link dev.eventlog.redelivery.RecoveryTimer}). Goes through {@code delivery}'s backlog, queue and
 * sender, so what it sends is signed, retried and logged like any delivery. Owns webhook_recovery.
 */
package dev.eventlog.redelivery;
