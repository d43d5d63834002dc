/**
 * Sending one delivery: first attempts started by the dispatching node after its commit, the
 * delivery queue and its consumer for the others, claiming a delivery, the signed
 * asynchronous POST (carrying what the subscription's creator may read), the adaptive limit of
 * requests in flight per subscription, and recording how the attempt went (successes in batches,
 * failures scheduled by {@code retry}'s policy, a 410 pausing the subscription). Owns
 * webhook_delivery (the backlog: one row per subscription and event until delivered or dropped);
 * the attempts themselves are written through {@code attempt}'s log.
 */
package dev.eventlog.delivery;
