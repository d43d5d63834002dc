package dev.eventlog.delivery;

import dev.eventlog.platform.lifecycle.ShutdownGate;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * First attempts started by the node that dispatched them, as soon as the dispatch commits: the
 * backlog rows are written already claimed (Backlog.enqueue), so neither a delivery message nor a
 * second transaction to claim them stands between the commit and the POST. Those cost the
 * pipeline a persistent JMS send inside the dispatch's transaction, the broker's journal write,
 * the delivery MDB's hand-off and its claim: a quarter of the server's CPU at 500 created events/s
 * (bench/README.md, "Profiles and improvements").
 *
 * <p>Nothing rests on the start happening: if the node dies (or is shutting down, or its executor
 * refuses) between the commit and the attempt, the rows' lease runs out and the retry timer of any
 * node sends them, as it does for a node that dies mid-request. Subscriptions this node has no
 * share of the ceiling of (several nodes, NodeShares) still go through the delivery queue.
 */
@ApplicationScoped
public class FirstAttempts {

    private static final Logger LOG = Logger.getLogger(FirstAttempts.class.getName());

    /** Deliveries written claimed by this node in the current transaction. */
    record Leased(List<Backlog.Claimed> deliveries) {
    }

    @Inject
    InFlightLimiter inFlight;

    @Inject
    DeliverySettings settings;

    @Inject
    DeliveryService deliveries;

    @Inject
    ShutdownGate gate;

    @Inject
    Event<Leased> leased;

    @Resource
    ManagedExecutorService executor;

    /** The subscriptions whose new deliveries this node starts itself: those it has a share of the ceiling of. */
    public Set<String> startableHere(Collection<String> subscriptionIds) {
        return subscriptionIds.stream().filter(inFlight::mayStart).collect(Collectors.toSet());
    }

    /** Until when a delivery written claimed is this node's, as a claim's lease would be. */
    public LocalDateTime leaseUntil(LocalDateTime now) {
        return now.plus(settings.lease());
    }

    /** In the dispatch's transaction: these are started once it commits, and never if it rolls back. */
    public void startAfterCommit(List<Backlog.Claimed> claimed) {
        if (!claimed.isEmpty()) {
            leased.fire(new Leased(claimed));
        }
    }

    /**
     * On the committing thread, which may be an MDB's whose transaction has just ended: the
     * attempts start on a managed thread, where starting a transaction of their own (a postponed
     * overflow, a refused target) is plain.
     */
    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) Leased committed) {
        try {
            executor.execute(() -> gate.run(() -> start(committed.deliveries())));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.WARNING, committed.deliveries().size() + " new deliveries could not be started now; "
                    + "their lease runs out and the retry timer sends them", e);
        }
    }

    private void start(List<Backlog.Claimed> claimed) {
        try {
            deliveries.startClaimed(claimed);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not start " + claimed.size() + " new deliveries; their lease runs out "
                    + "and the retry timer sends them", e);
        }
    }
}
