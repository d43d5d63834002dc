package dev.eventlog.platform.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {

    /** Stands still until moved: the limiter is tested without a single sleep. */
    static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final StepClock clock = new StepClock();
    private final TokenBuckets buckets = new TokenBuckets(clock);

    @Test
    void aBurstIsServedThenTheKeyWaitsForTheRate() {
        for (int i = 0; i < 5; i++) {
            assertEquals(Duration.ZERO, buckets.take("key_a", 2, 5), "request " + i + " of the burst");
        }
        // Empty at 2 a second: the next token is half a second away.
        assertEquals(Duration.ofMillis(500), buckets.take("key_a", 2, 5));
        clock.advance(Duration.ofMillis(499));
        assertEquals(Duration.ofMillis(1), buckets.take("key_a", 2, 5));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Duration.ZERO, buckets.take("key_a", 2, 5));
        assertEquals(Duration.ofMillis(500), buckets.take("key_a", 2, 5));
    }

    @Test
    void keysHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 3; i++) {
            buckets.take("key_a", 1, 3);
        }
        assertTrue(buckets.take("key_a", 1, 3).compareTo(Duration.ZERO) > 0);
        assertEquals(Duration.ZERO, buckets.take("key_b", 1, 3), "another key of the same organization is served");
    }

    @Test
    void idleTimeRefillsNoMoreThanTheBurst() {
        for (int i = 0; i < 3; i++) {
            buckets.take("key_a", 1, 3);
        }
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, buckets.take("key_a", 1, 3));
        }
        assertEquals(Duration.ofSeconds(1), buckets.take("key_a", 1, 3));
    }

    @Test
    void aClockMovedBackGivesNothingAndRefillResumesFromThere() {
        for (int i = 0; i < 2; i++) {
            buckets.take("key_a", 1, 2);
        }
        clock.advance(Duration.ofDays(-30));
        assertEquals(Duration.ofSeconds(1), buckets.take("key_a", 1, 2));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Duration.ZERO, buckets.take("key_a", 1, 2), "not 30 days later");
    }

    @Test
    void aFractionalRateAndALoweredBurstApplyAtOnce() {
        assertEquals(Duration.ZERO, buckets.take("key_a", 0.5, 10));
        // One token is missing, and a bucket of one is then empty: the next is two seconds away.
        assertEquals(Duration.ofSeconds(2), buckets.take("key_a", 0.5, 1));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Duration.ZERO, buckets.take("key_a", 0.5, 1));
    }

    @Test
    void fullBucketsAreForgottenOnceManyKeysAreHeld() {
        for (int i = 0; i <= TokenBuckets.TRACKED; i++) {
            buckets.take("key_" + i, 10, 10);
        }
        assertEquals(TokenBuckets.TRACKED + 1, buckets.tracked());
        clock.advance(Duration.ofSeconds(2));
        buckets.take("key_busy", 10, 10);
        assertEquals(1, buckets.tracked(), "only the key just seen is left");
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> buckets.take("key_a", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> buckets.take("key_a", 1, 0));
    }
}
