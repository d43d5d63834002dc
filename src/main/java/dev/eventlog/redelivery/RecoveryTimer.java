package dev.eventlog.redelivery;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves the recoveries on every second, in turns: one step of each, again while any has room, for
 * at most {@link #BUDGET_MILLIS} a run. Every node runs it; a step's row lock (SKIP LOCKED) keeps
 * two nodes from taking the same one. Not persistent: a missed run is done by the next.
 */
@Singleton
@DependsOn("DatabaseMigrations") // a timer firing during deployment must not query a schema not yet migrated
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RecoveryTimer {

    private static final Logger LOG = Logger.getLogger(RecoveryTimer.class.getName());

    /** Leaves the rest of the second to the next run, so a run never overlaps the next. */
    static final long BUDGET_MILLIS = 800;

    /** Recoveries taken per run; more wait their turn (they are found oldest first). */
    static final int PER_RUN = 50;

    @PersistenceContext
    EntityManager em;

    @Inject
    RecoveryStep steps;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void advance() {
        long deadline = System.nanoTime() + BUDGET_MILLIS * 1_000_000;
        List<String> turn = unfinished();
        while (!turn.isEmpty() && System.nanoTime() < deadline) {
            List<String> again = new ArrayList<>();
            for (String id : turn) {
                if (System.nanoTime() >= deadline) {
                    return;
                }
                try {
                    if (steps.step(id)) {
                        again.add(id);
                    }
                } catch (RuntimeException e) {
                    // Rolled back as a whole: the same step is taken again by the next run.
                    LOG.log(Level.WARNING, "A step of recovery " + id + " failed; it is taken again", e);
                }
            }
            turn = again;
        }
    }

    private List<String> unfinished() {
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery("SELECT id FROM webhook_recovery WHERE status IN ('scanning', 'sending') "
                + "ORDER BY id LIMIT ?1").setParameter(1, PER_RUN).getResultList();
        return ids;
    }
}
