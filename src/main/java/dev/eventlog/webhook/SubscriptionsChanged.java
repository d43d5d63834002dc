package dev.eventlog.webhook;

/** Fired when a subscription of the organization was created, changed, paused or deleted. */
public record SubscriptionsChanged(String organizationId) {
}
