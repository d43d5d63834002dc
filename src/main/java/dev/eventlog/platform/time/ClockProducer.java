package dev.eventlog.platform.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The one source of "now". Retention (30 days), retries (72 h) and auto-pause (3 days) all read
 * time from the injected {@link Clock}, so tests replace this producer with a movable clock and
 * cover those rules in seconds. In production it is the database's clock ({@link DatabaseClock},
 * kept measured by {@link ClockSync}): times one node writes and another compares (leases, retry
 * times, dispatch delays) then agree across nodes whatever their own clocks say.
 */
@ApplicationScoped
public class ClockProducer {

    private final DatabaseClock database = new DatabaseClock(Clock.systemUTC()::instant);

    @Produces
    public Clock clock() {
        return database;
    }

    public DatabaseClock databaseClock() {
        return database;
    }
}
