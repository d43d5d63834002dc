package dev.eventlog.consolidation;

import dev.eventlog.event.Event;
import dev.eventlog.platform.time.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;

/**
 * How long a just-stored event waits before its webhook is dispatched (DESIGN §3). Updates wait
 * one window, so the rest of their burst can fold in and subscribers get the final state once;
 * deletes wait as long, so they do not overtake the update before them. Everything else goes out
 * at once.
 *
 * <p>The wait ends at {@code date_created} + window + grace, but never sooner than window + grace
 * after storage (the grace lets updates of the burst that are still queued arrive): when ingest
 * lags behind, {@code date_created} + window is already past when the event
 * is stored, and closing the burst at once would turn a backlog of autosaves into one event per
 * save. An event dated ahead (a producer's clock, or a delete sent a moment after its update) waits
 * for its date, by at most one more window.
 */
@ApplicationScoped
public class DispatchDelay {

    @Inject
    ConsolidationSettings settings;

    @Inject
    Clock clock;

    public Duration of(Event event) {
        if (!EventMerge.UPDATED.equals(event.getAction()) && !"deleted".equals(event.getAction())) {
            return Duration.ZERO;
        }
        Duration window = settings.window();
        Duration ahead = Duration.between(Timestamps.toUtc(clock.instant()), event.getDateCreated());
        return window.plus(settings.grace())
                .plus(ahead.isNegative() ? Duration.ZERO : ahead.compareTo(window) > 0 ? window : ahead);
    }
}
