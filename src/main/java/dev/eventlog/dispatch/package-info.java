/**
 * Dispatch: stored event → one backlog row per matching subscription, started by this node once the
 * dispatch commits ({@code delivery}'s FirstAttempts) or, for a subscription another node sends,
 * queued for delivery in one message per subscription. Events that go out at once are dispatched by ingest as it stores them;
 * delayed ones (updates, deletes) come from the dispatch queue, a redelivered message is dispatched
 * carefully (one bad event skipped, not the message), and a timer sweeps the dispatches still owed
 * when their JMS message is lost. Owns dispatch_owed (the delayed dispatches the database knows it
 * owes); writes webhook_delivery only through {@code delivery}'s {@code Backlog}.
 */
package dev.eventlog.dispatch;
