package dev.eventlog.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claimed deliveries waiting on this node for a free slot of their subscription. A finished request
 * hands its slot straight to the next one, so a busy subscription is fed at the speed its receiver
 * answers instead of once per retry-timer round. Bounded per subscription (the excess is
 * postponed in the database as before), and never trusted for long: an entry older than half its
 * claim's lease is dropped, and the retry timer takes that delivery up once the lease runs out.
 */
@ApplicationScoped
public class WaitingDeliveries {

    /**
     * Per subscription and node: a few delivery messages' worth (a busy organization's ingest
     * messages carry up to 100 events each), so a burst waits here instead of being postponed to
     * the retry timer; a few hundred bytes an entry.
     */
    static final int MAX_WAITING = 2_000;

    private record Waiting(Backlog.Claimed delivery, long since) {
    }

    private final Map<String, Deque<Waiting>> bySubscription = new ConcurrentHashMap<>();

    /** @return false when this subscription already has as many waiting as it may */
    public boolean offer(Backlog.Claimed delivery, long nowNanos) {
        Deque<Waiting> waiting = bySubscription.computeIfAbsent(delivery.subscriptionId(), id -> new ArrayDeque<>());
        synchronized (waiting) {
            if (waiting.size() >= MAX_WAITING) {
                return false;
            }
            waiting.addLast(new Waiting(delivery, nowNanos));
            return true;
        }
    }

    /** The oldest waiting delivery of the subscription still within {@code maxAgeNanos}, or null. */
    public Backlog.Claimed poll(String subscriptionId, long nowNanos, long maxAgeNanos) {
        Deque<Waiting> waiting = bySubscription.get(subscriptionId);
        if (waiting == null) {
            return null;
        }
        synchronized (waiting) {
            Waiting next;
            while ((next = waiting.pollFirst()) != null) {
                if (nowNanos - next.since() <= maxAgeNanos) {
                    return next.delivery();
                }
            }
            return null;
        }
    }

    public boolean isEmpty(String subscriptionId) {
        Deque<Waiting> waiting = bySubscription.get(subscriptionId);
        if (waiting == null) {
            return true;
        }
        synchronized (waiting) {
            return waiting.isEmpty();
        }
    }
}
