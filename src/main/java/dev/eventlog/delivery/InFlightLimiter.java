package dev.eventlog.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps concurrent requests per subscription on this node with an {@link AdaptiveLimit}, so one
 * slow receiver ties up a few connections but never the delivery capacity every other
 * subscription shares, while a fast one is not held to a handful of requests at a time.
 */
@ApplicationScoped
public class InFlightLimiter {

    @Inject
    DeliverySettings settings;

    private final Map<String, AdaptiveLimit> limits = new ConcurrentHashMap<>();

    public boolean tryAcquire(String subscriptionId) {
        return limitOf(subscriptionId).tryAcquire();
    }

    public void release(String subscriptionId) {
        AdaptiveLimit limit = limits.get(subscriptionId);
        if (limit != null) {
            limit.release();
        }
    }

    /** @return false when the slot was released because the subscription's limit fell below its requests in flight */
    public boolean keepSlot(String subscriptionId) {
        AdaptiveLimit limit = limits.get(subscriptionId);
        return limit == null || limit.keepSlot();
    }

    /** @return true when the subscription may now have one more request in flight */
    public boolean onAnswer(String subscriptionId, AttemptOutcome outcome, boolean othersWaiting) {
        return limitOf(subscriptionId).onAnswer(outcome.statusCode(), outcome.latencyMillis(), othersWaiting);
    }

    private AdaptiveLimit limitOf(String subscriptionId) {
        return limits.computeIfAbsent(subscriptionId,
                id -> new AdaptiveLimit(settings.maxInFlight(), settings.timeout().toMillis() / 2));
    }
}
