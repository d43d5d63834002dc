package dev.eventlog.retry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * When to try a failed delivery again: from 30 s, doubling, capped at 20 minutes, jittered so
 * that many deliveries failing together do not all come back together; given up 72 hours after
 * the first attempt. A receiver's Retry-After (429/503) may lengthen the wait, within the cap,
 * never shorten it: honoured as the minimum it asks for, {@code Retry-After: 0} meant an attempt
 * every retry-timer round (about 2 s) for all of the 72 hours.
 */
public final class RetryPolicy {

    private static final double JITTER = 0.2;

    private final Duration initial;
    private final Duration cap;
    private final Duration giveUpAfter;
    private final RandomGenerator random;

    public RetryPolicy(Duration initial, Duration cap, Duration giveUpAfter, RandomGenerator random) {
        this.initial = initial;
        this.cap = cap;
        this.giveUpAfter = giveUpAfter;
        this.random = random;
    }

    public static RetryPolicy standard() {
        return new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(20), Duration.ofHours(72), new Random());
    }

    /**
     * @param failedAttempts attempts made so far, all failed (1 after the first failure)
     * @return when to try next, or empty to drop the delivery
     */
    public Optional<Instant> nextAttempt(int failedAttempts, Instant firstAttemptAt, Instant now,
                                         Optional<Duration> retryAfter) {
        Duration backoff = backoff(failedAttempts);
        Duration delay = retryAfter.filter(asked -> asked.compareTo(backoff) > 0).map(this::capped).orElse(backoff);
        Instant next = now.plus(delay);
        return next.isAfter(firstAttemptAt.plus(giveUpAfter)) ? Optional.empty() : Optional.of(next);
    }

    Duration backoff(int failedAttempts) {
        int doublings = Math.max(0, Math.min(failedAttempts - 1, 30));
        long base = Math.min(cap.toMillis(), initial.toMillis() << Math.min(doublings, 20));
        double factor = 1 - JITTER + random.nextDouble() * 2 * JITTER;
        return Duration.ofMillis(Math.min(cap.toMillis(), Math.round(base * factor)));
    }

    /** A receiver asking for more than the cap is tried again at the cap, like any other failure. */
    private Duration capped(Duration retryAfter) {
        return retryAfter.compareTo(cap) > 0 ? cap : retryAfter;
    }

    /** Delta-seconds or an HTTP date (RFC 1123); anything else is ignored. */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration until = Duration.between(now, at);
                return until.isNegative() ? Optional.of(Duration.ZERO) : Optional.of(until);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
