package dev.eventlog.webhook;

/**
 * Fired when the API deletes a subscription: it is paused and hidden in the same transaction; its
 * deliveries and attempts are removed after the commit, batch by batch (delivery's
 * SubscriptionCleanup), and the subscription row goes last.
 */
public record SubscriptionDeleted(String subscriptionId) {
}
