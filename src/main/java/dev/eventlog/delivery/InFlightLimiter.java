package dev.eventlog.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Caps concurrent requests per subscription on this node, so one slow receiver can tie up a few
 * connections but never the delivery capacity every other subscription shares.
 */
@ApplicationScoped
public class InFlightLimiter {

    @Inject
    DeliverySettings settings;

    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();

    public boolean tryAcquire(String subscriptionId) {
        return permits.computeIfAbsent(subscriptionId, id -> new Semaphore(settings.maxInFlight())).tryAcquire();
    }

    public void release(String subscriptionId) {
        Semaphore semaphore = permits.get(subscriptionId);
        if (semaphore != null) {
            semaphore.release();
        }
    }
}
