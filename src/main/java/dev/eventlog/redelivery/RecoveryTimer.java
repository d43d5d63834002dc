package dev.eventlog.redelivery;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
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
 * Moves the recoveries on, in turns: one step of each, again while any has room, for at most
 * {@link #BUDGET_MILLIS} a run, then again {@link #PAUSE_MILLIS} after the run ends. A timer set
 * anew after each run rather than a schedule: under load a run can outlast a one-second schedule,
 * and the container then logs a warning for every tick it skips. Every node runs it; a step's row
 * lock (SKIP LOCKED) keeps two nodes from taking the same one. Not persistent: it goes with the
 * deployment, and the next deployment's first run picks the recoveries up where they stand.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrations") // a timer firing during deployment must not query a schema not yet migrated
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RecoveryTimer {

    private static final Logger LOG = Logger.getLogger(RecoveryTimer.class.getName());

    /** No new step after this long: recoveries share the machine with live traffic. */
    static final long BUDGET_MILLIS = 800;

    /** Between the end of one run and the start of the next. */
    static final long PAUSE_MILLIS = 500;

    /** Recoveries taken per run; more wait their turn (they are found oldest first). */
    static final int PER_RUN = 50;

    @PersistenceContext
    EntityManager em;

    @Inject
    RecoveryStep steps;

    @Resource
    TimerService timers;

    @PostConstruct
    void start() {
        next();
    }

    @Timeout
    void run() {
        try {
            advance();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Recoveries could not be moved on; trying again shortly", e);
        } finally {
            next();
        }
    }

    private void next() {
        timers.createSingleActionTimer(PAUSE_MILLIS, new TimerConfig(null, false));
    }

    private void advance() {
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
        List<String> ids = em.createNativeQuery("SELECT id FROM webhook_recovery WHERE " + Recovery.UNFINISHED + " "
                + "ORDER BY id LIMIT ?1").setParameter(1, PER_RUN).getResultList();
        return ids;
    }
}
