package dev.eventlog.delivery;

import dev.eventlog.platform.cluster.NodeRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps concurrent requests per subscription on this node with an {@link AdaptiveLimit}, so one
 * slow receiver ties up a few connections but never the delivery capacity every other
 * subscription shares, while a fast one is not held to a handful of requests at a time.
 *
 * <p>The configured ceiling is the cluster's: each node's is its share of it among the live nodes
 * (NodeRegistry, NodeShares), so N nodes together never send a receiver more than the ceiling. The
 * share is applied afresh whenever a limit is used, so a node joining or leaving moves every
 * subscription's ceiling within a heartbeat.
 */
@ApplicationScoped
public class InFlightLimiter {

    @Inject
    DeliverySettings settings;

    @Inject
    NodeRegistry nodes;

    private final Map<String, AdaptiveLimit> limits = new ConcurrentHashMap<>();

    /**
     * @return false when this node's share of the subscription's ceiling is 0 (more nodes than
     *         the ceiling): it must not send for it, and leaves its deliveries to the nodes that may
     */
    public boolean mayStart(String subscriptionId) {
        return ceilingOf(subscriptionId) > 0;
    }

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
        if (limit == null) {
            return true;
        }
        limit.ceiling(ceilingOf(subscriptionId));
        return limit.keepSlot();
    }

    /** @return true when the subscription may now have one more request in flight */
    public boolean onAnswer(String subscriptionId, AttemptOutcome outcome, boolean othersWaiting) {
        return limitOf(subscriptionId).onAnswer(outcome.statusCode(), outcome.latencyMillis(), othersWaiting);
    }

    /** This node's share of the subscription's ceiling, as the live nodes stand now. */
    int ceilingOf(String subscriptionId) {
        return nodes.cluster().shareOf(settings.maxInFlight(), subscriptionId);
    }

    private AdaptiveLimit limitOf(String subscriptionId) {
        int ceiling = ceilingOf(subscriptionId);
        AdaptiveLimit limit = limits.computeIfAbsent(subscriptionId,
                id -> new AdaptiveLimit(ceiling, settings.timeout().toMillis() / 2));
        limit.ceiling(ceiling);
        return limit;
    }
}
