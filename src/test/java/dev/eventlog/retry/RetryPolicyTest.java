package dev.eventlog.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final Instant FIRST = Instant.parse("2026-11-22T10:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(20),
            Duration.ofHours(72), new Random(42));

    private Duration delayAfter(int failures) {
        return Duration.between(FIRST, policy.nextAttempt(failures, FIRST, FIRST, Optional.empty()).orElseThrow());
    }

    @Test
    void doublesFrom30SecondsWithinTwentyPercentJitter() {
        long base = 30_000;
        for (int failures = 1; failures <= 6; failures++) {
            long millis = delayAfter(failures).toMillis();
            assertTrue(millis >= base * 0.8 && millis <= base * 1.2, failures + " failures -> " + millis + " ms");
            base *= 2;
        }
    }

    @Test
    void neverWaitsMoreThanTwentyMinutes() {
        for (int failures = 7; failures < 200; failures++) {
            assertTrue(delayAfter(failures).compareTo(Duration.ofMinutes(20)) <= 0);
            assertTrue(delayAfter(failures).compareTo(Duration.ofMinutes(16)) >= 0);
        }
    }

    @Test
    void givesUpWhenTheNextAttemptWouldFallPast72Hours() {
        Instant almost = FIRST.plus(Duration.ofHours(71)).plus(Duration.ofMinutes(30));
        assertTrue(policy.nextAttempt(3, FIRST, almost, Optional.of(Duration.ofSeconds(60))).isPresent());
        Instant late = FIRST.plus(Duration.ofHours(72)).minusSeconds(30);
        assertEquals(Optional.empty(), policy.nextAttempt(3, FIRST, late, Optional.of(Duration.ofSeconds(60))));
        assertEquals(Optional.empty(), policy.nextAttempt(200, FIRST, FIRST.plus(Duration.ofHours(73)), Optional.empty()));
    }

    @Test
    void retryAfterLengthensTheWaitWithinTheCap() {
        assertEquals(FIRST.plus(Duration.ofMinutes(5)),
                policy.nextAttempt(1, FIRST, FIRST, Optional.of(Duration.ofMinutes(5))).orElseThrow());
        assertEquals(FIRST.plus(Duration.ofMinutes(20)),
                policy.nextAttempt(1, FIRST, FIRST, Optional.of(Duration.ofHours(5))).orElseThrow());
    }

    /** Retry-After: 0 (or a date already past) once meant an attempt every timer round for 72 hours. */
    @Test
    void retryAfterNeverShortensTheBackoff() {
        for (int failures = 1; failures <= 12; failures++) {
            long floor = Math.round(Math.min(30_000L << Math.min(failures - 1, 20), 1_200_000L) * 0.8);
            for (Duration asked : new Duration[] {Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5)}) {
                long millis = Duration.between(FIRST, policy.nextAttempt(failures, FIRST, FIRST, Optional.of(asked))
                        .orElseThrow()).toMillis();
                assertTrue(millis >= floor, failures + " failures, Retry-After " + asked + " -> " + millis + " ms");
            }
        }
    }

    @Test
    void parsesRetryAfterSecondsAndDates() {
        Instant now = Instant.parse("2015-10-21T07:27:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryPolicy.parseRetryAfter("120", now));
        assertEquals(Optional.of(Duration.ofSeconds(60)), RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("-5", now));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("soon", now));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter(null, now));
    }
}
