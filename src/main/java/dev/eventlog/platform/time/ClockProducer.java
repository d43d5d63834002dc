package dev.eventlog.platform.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The one source of "now". Retention (30 days), retries (72 h) and auto-pause (3 days) all read
 * time from the injected {@link Clock}, so tests replace this producer with a movable clock and
 * cover those rules in seconds.
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    public Clock clock() {
        return Clock.systemUTC();
    }
}
