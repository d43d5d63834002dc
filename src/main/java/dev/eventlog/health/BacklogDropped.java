package dev.eventlog.health;

/** Fired by the health check with a pause for backlog; its pending deliveries go after the commit. */
public record BacklogDropped(String subscriptionId) {
}
