package dev.eventlog.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The database's time, read locally: the system clock plus the offset last measured between it and
 * PostgreSQL's {@code clock_timestamp()} (issue 13). Leases, retry times and dispatch delays are
 * written by one node and compared by another, so they must come from one clock, and the database
 * is the one every node shares. The offset is measured at the midpoint of a query's round trip (the
 * database read its clock somewhere within it, the middle is the best guess and wrong by at most
 * half the round trip), taking the shortest of a few round trips; a measurement that fails keeps
 * the last offset, so a database that is away for a while leaves time running as it was.
 */
public final class DatabaseClock extends Clock {

    private static final Logger LOG = Logger.getLogger(DatabaseClock.class.getName());

    /** Skew past this is logged: an operator should fix the node's time synchronisation. */
    static final Duration NOTABLE_SKEW = Duration.ofSeconds(1);

    /** Round trips per measurement; the shortest one is kept. */
    static final int SAMPLES = 3;

    /** Reads the database's clock once. */
    @FunctionalInterface
    public interface Source {
        Instant read() throws Exception;
    }

    /** One round trip: the local time before and after, and the database's time read within it. */
    record Sample(Instant sent, Instant database, Instant received) {

        Duration roundTrip() {
            return Duration.between(sent, received);
        }

        /** The database's time less the local time at the round trip's midpoint. */
        Duration offset() {
            return Duration.between(sent.plus(roundTrip().dividedBy(2)), database);
        }
    }

    private final Supplier<Instant> system;
    private volatile Duration offset = Duration.ZERO;
    private volatile Duration logged = Duration.ZERO;
    private volatile boolean failing;

    /** @param system this node's time: the system clock's, or a test's */
    public DatabaseClock(Supplier<Instant> system) {
        this.system = system;
    }

    /**
     * Measures the offset anew with a few reads of {@code source}; when the database cannot be read,
     * the last offset stays (and the failure is logged once until a measurement succeeds again).
     *
     * @return whether the offset was measured
     */
    public boolean measure(Source source) {
        Sample best = null;
        try {
            for (int i = 0; i < SAMPLES; i++) {
                Instant sent = system.get();
                Instant database = source.read();
                Sample sample = new Sample(sent, database, system.get());
                if (best == null || sample.roundTrip().compareTo(best.roundTrip()) < 0) {
                    best = sample;
                }
            }
        } catch (Exception e) {
            if (!failing) {
                LOG.log(Level.WARNING, "Could not read the database's clock; keeping the last offset, " + offset.toMillis()
                        + " ms, until it can be read again", e);
            }
            failing = true;
            return false;
        }
        failing = false;
        offset = best.offset();
        logSkew(offset);
        return true;
    }

    /** Logged when it first passes a second, and again whenever it moved by another second since. */
    private void logSkew(Duration measured) {
        boolean notable = measured.abs().compareTo(NOTABLE_SKEW) > 0;
        boolean wasNotable = logged.abs().compareTo(NOTABLE_SKEW) > 0;
        if (notable && (!wasNotable || measured.minus(logged).abs().compareTo(NOTABLE_SKEW) > 0)) {
            LOG.warning("This node's clock is " + describe(measured) + " the database's (clock_timestamp()); Eventlog "
                    + "follows the database's, but fix the node's time synchronisation");
            logged = measured;
        } else if (!notable && wasNotable) {
            LOG.info("This node's clock is within " + NOTABLE_SKEW.toMillis() + " ms of the database's again ("
                    + describe(measured) + " it)");
            logged = measured;
        }
    }

    static String describe(Duration offset) {
        return offset.abs().toMillis() + " ms " + (offset.isNegative() ? "ahead of" : "behind");
    }

    /** The database's time less this node's, as last measured. */
    public Duration offset() {
        return offset;
    }

    @Override
    public Instant instant() {
        return system.get().plus(offset);
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("Eventlog works in UTC only");
    }
}
