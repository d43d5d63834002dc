package dev.eventlog.dispatch;

import dev.eventlog.platform.db.DataErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dispatches a message that failed once and came back from the broker. The first try runs in the
 * message's own transaction, which is the fast path and stays so; a failure there has rolled that
 * transaction back. Here the events are dispatched in a transaction of their own, all together,
 * and if that fails on bad data (an event whose row cannot be read or processed), one by one, so
 * that the event is logged and skipped and the others still go out, instead of the whole message
 * coming back until it lands in the dead-letter queue. A transient fault still rolls back and
 * redelivers: dispatch is idempotent per (subscription, event), so what was committed meanwhile
 * is not queued twice.
 */
@ApplicationScoped
public class CarefulDispatch {

    private static final Logger LOG = Logger.getLogger(CarefulDispatch.class.getName());

    @Inject
    Dispatcher dispatcher;

    @Inject
    OwedDispatches owed;

    /** @return how many deliveries were queued */
    public int dispatch(List<String> eventIds, Set<String> organizations) {
        try {
            return dispatcher.dispatchApart(eventIds, organizations);
        } catch (RuntimeException e) {
            if (!DataErrors.isDataError(e)) {
                throw e;
            }
            if (eventIds.size() == 1) {
                LOG.log(Level.WARNING, "Event " + eventIds.get(0) + " is not sent to webhooks: it cannot be read or "
                        + "processed", e);
                // Given up for good: the sweep must not pick it up again every few seconds.
                owed.forget(eventIds.get(0));
                return 0;
            }
            LOG.log(Level.WARNING, "A dispatch message of " + eventIds.size() + " events holds one that cannot be "
                    + "read or processed; dispatching them one by one", e);
        }
        int queued = 0;
        for (String eventId : eventIds) {
            queued += dispatch(List.of(eventId), organizations);
        }
        return queued;
    }
}
