package dev.eventlog.health;

import dev.eventlog.attempt.AttemptLog;
import dev.eventlog.delivery.Backlog;
import dev.eventlog.platform.db.Batches;
import dev.eventlog.webhook.SubscriptionDeleted;
import jakarta.annotation.Resource;
import dev.eventlog.platform.lifecycle.ShutdownGate;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes the rows of a backlog that a pause dropped, and of a subscription the API deleted, in
 * batches of {@link #BATCH}, each in a short transaction of its own, after the pause or delete has
 * committed (so claims and dispatch have already stopped). One statement over 100,000 rows held
 * its transaction for many seconds and, in benchmark P6, kept the health check from pausing the
 * next subscriptions for minutes.
 *
 * <p>Jobs run one at a time on the server's managed executor, so forty pauses in one health check
 * do not fight for the same two cores; the order is the order they were asked for. A node that
 * dies part way leaves the rest to {@link #sweep()}, which runs at deployment and in the retention
 * run.
 */
@ApplicationScoped
public class SubscriptionCleanup {

    private static final Logger LOG = Logger.getLogger(SubscriptionCleanup.class.getName());

    /** Rows per transaction: a few tens of milliseconds each, so locks are held only that long. */
    static final int BATCH = 5_000;

    private record Job(String subscriptionId, boolean deleted) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Backlog backlog;

    @Inject
    AttemptLog attempts;

    /** Its own proxy: each batch commits on its own. */
    @Inject
    SubscriptionCleanup self;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    /** Past the application's shutdown a job waits for the next retention run (ShutdownGate). */
    @Inject
    ShutdownGate gate;

    private final Set<Job> queued = new LinkedHashSet<>();
    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * {@link #sweep()} in the background: at deployment (RetentionTimer, once the schema is
     * migrated), what a node that stopped part way left is taken up at once, not an hour later.
     */
    public void sweepSoon() {
        executor.execute(() -> gate.run(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not finish the cleanups left over; the retention run tries again", e);
            }
        }));
    }

    void backlogDropped(@Observes(during = TransactionPhase.AFTER_SUCCESS) BacklogDropped dropped) {
        submit(new Job(dropped.subscriptionId(), false));
    }

    void subscriptionDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) SubscriptionDeleted deleted) {
        submit(new Job(deleted.subscriptionId(), true));
    }

    private void submit(Job job) {
        synchronized (queued) {
            queued.add(job);
        }
        executor.execute(() -> gate.run(this::drain));
    }

    /** Like SuccessRecorder: whoever finds the queue idle works it until it is empty. */
    private void drain() {
        while (hasQueued() && running.compareAndSet(false, true)) {
            try {
                Job job;
                while ((job = next()) != null) {
                    run(job);
                }
            } finally {
                running.set(false);
            }
        }
    }

    private boolean hasQueued() {
        synchronized (queued) {
            return !queued.isEmpty();
        }
    }

    private Job next() {
        synchronized (queued) {
            var first = queued.iterator();
            if (!first.hasNext()) {
                return null;
            }
            Job job = first.next();
            first.remove();
            return job;
        }
    }

    private void run(Job job) {
        try {
            if (job.deleted()) {
                removeDeleted(job.subscriptionId());
            } else {
                clearBacklog(job.subscriptionId());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not finish cleaning up subscription " + job.subscriptionId()
                    + "; the next retention run goes on with it", e);
        }
    }

    /** The pending deliveries of a subscription paused for its backlog. */
    public long clearBacklog(String subscriptionId) {
        long started = System.nanoTime();
        long cleared = Batches.untilShort(BATCH, () -> self.deleteDeliveries(subscriptionId, true));
        LOG.info(() -> "Dropped the backlog of " + subscriptionId + ": " + cleared + " deliveries in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        return cleared;
    }

    /** Every delivery and attempt of a deleted subscription, then the subscription itself. */
    public void removeDeleted(String subscriptionId) {
        Batches.untilShort(BATCH, () -> self.deleteDeliveries(subscriptionId, false));
        Batches.untilShort(BATCH, () -> self.deleteAttempts(subscriptionId));
        // Deliveries a dispatch in flight added meanwhile go with the row (ON DELETE CASCADE, a few).
        self.deleteSubscription(subscriptionId);
    }

    /**
     * What a node that died part way left: deleted subscriptions still there, and subscriptions
     * paused for their backlog that still have pending deliveries.
     *
     * @return the subscriptions cleaned up
     */
    public int sweep() {
        List<String> deleted = self.deletedSubscriptions();
        deleted.forEach(this::removeDeleted);
        List<String> backlogged = self.backlogsLeft();
        backlogged.forEach(this::clearBacklog);
        return deleted.size() + backlogged.size();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteDeliveries(String subscriptionId, boolean pendingOnly) {
        return backlog.deleteBatch(subscriptionId, pendingOnly, BATCH);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteAttempts(String subscriptionId) {
        return attempts.deleteBatch(subscriptionId, BATCH);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void deleteSubscription(String subscriptionId) {
        em.createNativeQuery("DELETE FROM webhook_subscription WHERE id = ?1 AND date_deleted IS NOT NULL")
                .setParameter(1, subscriptionId).executeUpdate();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public List<String> deletedSubscriptions() {
        return em.createNativeQuery("SELECT id FROM webhook_subscription WHERE date_deleted IS NOT NULL").getResultList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public List<String> backlogsLeft() {
        return em.createNativeQuery("SELECT s.id FROM webhook_subscription s WHERE s.status = 'paused' "
                + "AND s.pause_reason = 'backlog' AND EXISTS (SELECT 1 FROM webhook_delivery d "
                + "WHERE d.subscription_id = s.id AND d.status = 'pending')").getResultList();
    }
}
