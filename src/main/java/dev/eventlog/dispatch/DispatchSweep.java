package dev.eventlog.dispatch;

import dev.eventlog.platform.db.DataErrors;
import dev.eventlog.platform.time.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Dispatches what the database says is owed and overdue (OwedDispatches): the delayed dispatches
 * whose message never reached the dispatch queue, or never left it. The message stays the fast
 * path; the grace period keeps the sweep from doubling the work of a dispatch queue that is merely
 * behind. Dispatch is idempotent per (subscription, event), so an event swept while its message is
 * still on its way is delivered once all the same.
 */
@ApplicationScoped
public class DispatchSweep {

    private static final Logger LOG = Logger.getLogger(DispatchSweep.class.getName());

    /** Per transaction, and at most MAX_BATCHES per run: a sweep after a crash never takes the pool. */
    static final int BATCH = 500;
    static final int MAX_BATCHES = 10;

    @Inject
    @ConfigProperty(name = "eventlog.dispatch.sweep-grace-seconds", defaultValue = "60")
    int graceSeconds;

    @Inject
    Clock clock;

    @Inject
    Dispatcher dispatcher;

    @Inject
    OwedDispatches owed;

    @Inject
    CarefulDispatch careful;

    /** @return how many owed events it dispatched */
    public int sweep() {
        LocalDateTime dueBefore = Timestamps.toUtc(clock.instant()).minusSeconds(graceSeconds);
        int swept = 0;
        for (int batches = 0; batches < MAX_BATCHES; batches++) {
            int batch = sweepBatch(dueBefore);
            swept += batch;
            if (batch < BATCH) {
                break;
            }
        }
        if (swept > 0) {
            int total = swept;
            LOG.warning(() -> "Dispatched " + total + " event(s) still owed " + graceSeconds + " s after they were due: "
                    + "their dispatch message was lost (a crash between the database's commit and the broker's) or is late");
        }
        return swept;
    }

    private int sweepBatch(LocalDateTime dueBefore) {
        try {
            return dispatcher.dispatchOverdue(dueBefore, BATCH);
        } catch (RuntimeException e) {
            if (!DataErrors.isDataError(e)) {
                throw e;
            }
            // One event that cannot be read or processed: the careful way sends the others and
            // forgets that one, so it does not fail every sweep from now on.
            List<String> eventIds = owed.overdue(dueBefore, BATCH);
            careful.dispatch(eventIds, null);
            return eventIds.size();
        }
    }
}
