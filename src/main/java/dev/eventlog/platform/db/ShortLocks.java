package dev.eventlog.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Maintenance that needs a strong lock (dropping a partition takes ACCESS EXCLUSIVE on the event
 * table itself) must never queue for it behind a long reader: while it waits, every INSERT and
 * SELECT on the table queues behind it, i.e. all ingest and API traffic stops. Here each try is
 * a transaction of its own that waits at most {@link #LOCK_TIMEOUT} for a lock and then gives up
 * (SQLState 55P03); traffic then goes on and the work is tried again later, with backoff.
 */
@ApplicationScoped
public class ShortLocks {

    private static final Logger LOG = Logger.getLogger(ShortLocks.class.getName());

    /** How long one try may stall the traffic queued behind it. */
    public static final Duration LOCK_TIMEOUT = Duration.ofMillis(500);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    @PersistenceContext
    EntityManager em;

    /** Its own proxy: each try commits or rolls back on its own. */
    @Inject
    ShortLocks self;

    /**
     * Runs {@code work} in a new transaction with a short lock timeout, again after a pause each
     * time a lock was busy, for up to {@code patience}.
     *
     * @return the work's result, or empty when the locks stayed busy all that time
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public <T> Optional<T> retrying(String what, Duration patience, Supplier<T> work) {
        long deadline = System.nanoTime() + patience.toNanos();
        Duration pause = FIRST_PAUSE;
        for (int tries = 1; ; tries++) {
            try {
                return Optional.of(self.once(work));
            } catch (RuntimeException e) {
                if (!DataErrors.hasSqlState(e, LOCK_NOT_AVAILABLE)) {
                    throw e;
                }
                if (System.nanoTime() + pause.toNanos() > deadline) {
                    int failed = tries;
                    LOG.warning(() -> "Gave up on " + what + " after " + failed + " tries: a lock it needs stayed busy "
                            + "for " + patience.toSeconds() + " s; the next run tries again");
                    return Optional.empty();
                }
                int failed = tries;
                Duration waiting = pause;
                LOG.fine(() -> what + ": a lock is busy (try " + failed + "), again in " + waiting.toMillis() + " ms");
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T once(Supplier<T> work) {
        em.createNativeQuery("SELECT set_config('lock_timeout', ?1, true)")
                .setParameter(1, LOCK_TIMEOUT.toMillis() + "ms").getSingleResult();
        return work.get();
    }


    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a lock", e);
        }
    }
}
