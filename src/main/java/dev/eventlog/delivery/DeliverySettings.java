package dev.eventlog.delivery;

import dev.eventlog.webhook.WebhookSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Delivery and health limits from MicroProfile Config (environment: EVENTLOG_WEBHOOK_...). */
@ApplicationScoped
public class DeliverySettings {

    @Inject
    WebhookSettings webhooks;

    /**
     * The ceiling of a subscription's requests in flight, for the whole cluster: each node's
     * adaptive limit (AdaptiveLimit) has its share of it as its ceiling (InFlightLimiter), starts
     * at 4 and grows toward that while the receiver answers fast.
     */
    @Inject
    @ConfigProperty(name = "eventlog.webhook.max-in-flight-per-subscription", defaultValue = "64")
    int maxInFlight;

    @Inject
    @ConfigProperty(name = "eventlog.webhook.backlog-warning", defaultValue = "80000")
    long backlogWarning;

    @Inject
    @ConfigProperty(name = "eventlog.webhook.backlog-pause", defaultValue = "100000")
    long backlogPause;

    @Inject
    @ConfigProperty(name = "eventlog.webhook.failing-pause-days", defaultValue = "3")
    int failingPauseDays;

    /** Heap for webhook JSON kept from dispatch to delivery (WebhookPayloads): 32 MiB by default. */
    @Inject
    @ConfigProperty(name = "eventlog.webhook.payload-cache-bytes", defaultValue = "33554432")
    long payloadCacheBytes;

    /** Per attempt: the DNS lookup, the connection and the answer (eventlog.webhook.timeout-seconds). */
    public Duration timeout() {
        return webhooks.timeout();
    }

    /** How long a claimed delivery is reserved: past it, another node may retry it. */
    public Duration lease() {
        return timeout().multipliedBy(3);
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public long backlogWarning() {
        return backlogWarning;
    }

    public long backlogPause() {
        return backlogPause;
    }

    public Duration failingPause() {
        return Duration.ofDays(failingPauseDays);
    }

    public long payloadCacheBytes() {
        return payloadCacheBytes;
    }
}
