package dev.eventlog.platform.limit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key (an API key's id): {@code rate} tokens a second flow in up to
 * {@code burst}, and each request takes one. A request that finds less than one token is refused
 * with the time until one is there, which becomes its {@code Retry-After}.
 *
 * <p>Rate and burst are passed on every call rather than fixed at construction, so a changed
 * setting applies to every bucket at once. Time comes from the injected {@link Clock}: tests move
 * it instead of sleeping. Buckets that have
 * refilled completely carry no information and are dropped once more than {@link #TRACKED} keys
 * are held, so the map holds the keys active in the last {@code burst / rate} seconds, not every
 * key ever seen.
 */
public final class TokenBuckets {

    /** Past this many keys, full buckets are dropped (at most once a second). */
    static final int TRACKED = 10_000;

    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile Instant lastSweep = Instant.MIN;

    public TokenBuckets(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes a token for {@code key}.
     *
     * @return zero if the request may go ahead, otherwise how long until the key has a token again
     */
    public Duration take(String key, double rate, int burst) {
        if (rate <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be positive and burst at least 1");
        }
        Instant now = clock.instant();
        sweepIfLarge(now);
        return buckets.computeIfAbsent(key, k -> new Bucket(now)).take(now, rate, burst);
    }

    int tracked() {
        return buckets.size();
    }

    private void sweepIfLarge(Instant now) {
        if (buckets.size() > TRACKED && now.isAfter(lastSweep.plusSeconds(1))) {
            lastSweep = now;
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
    }

    /**
     * A token bucket kept as the time it would be full again (the generic cell rate algorithm), in
     * whole nanoseconds: no fractions of a token to round, so a token is there exactly 1/rate
     * after the last one.
     */
    private static final class Bucket {
        /** When every token taken so far is back. */
        private Instant full;
        /** The latest time seen, to notice a clock moved backwards. */
        private Instant seen;

        Bucket(Instant now) {
            this.full = now;
            this.seen = now;
        }

        synchronized Duration take(Instant now, double rate, int burst) {
            observe(now);
            Duration interval = interval(rate);
            Instant from = full.isAfter(now) ? full : now;
            // Taking one more token must leave the bucket no emptier than burst tokens below full.
            Duration debt = Duration.between(now, from.plus(interval));
            Duration allowed = interval.multipliedBy(burst);
            if (debt.compareTo(allowed) > 0) {
                return debt.minus(allowed);
            }
            full = from.plus(interval);
            return Duration.ZERO;
        }

        synchronized boolean isFull(Instant now) {
            observe(now);
            return !full.isAfter(now);
        }

        /**
         * A clock moved backwards (NTP, a test's clock) moves the bucket with it: it keeps the
         * tokens it had rather than waiting until the clock is back where it was.
         */
        private void observe(Instant now) {
            if (now.isBefore(seen)) {
                full = full.minus(Duration.between(now, seen));
            }
            seen = now;
        }

        private static Duration interval(double rate) {
            return Duration.ofNanos(Math.max(1, Math.round(1e9 / rate)));
        }
    }
}
