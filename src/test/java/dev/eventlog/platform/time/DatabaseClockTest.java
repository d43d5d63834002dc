package dev.eventlog.platform.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DatabaseClockTest {

    private static final Instant T = Instant.parse("2026-12-01T12:00:00Z");

    /** This node's time as a test sets it: the instants given, one a call, then the last one again. */
    private static final class Steps implements Supplier<Instant> {
        private final Deque<Instant> next = new ArrayDeque<>();
        private Instant last = T;

        Steps then(Instant... instants) {
            next.addAll(List.of(instants));
            return this;
        }

        @Override
        public Instant get() {
            if (!next.isEmpty()) {
                last = next.poll();
            }
            return last;
        }
    }

    @Test
    void theOffsetIsTheDatabasesTimeLessTheMidpointOfTheRoundTrip() {
        var sample = new DatabaseClock.Sample(T, T.plusSeconds(2).plusMillis(5), T.plusMillis(10));
        assertEquals(Duration.ofMillis(10), sample.roundTrip());
        assertEquals(Duration.ofSeconds(2), sample.offset());
        assertEquals(Duration.ofMillis(-1_500),
                new DatabaseClock.Sample(T, T.minusMillis(1_499), T.plusMillis(2)).offset(), "a database behind this node");
    }

    @Test
    void theClockIsTheSystemClockPlusTheShortestRoundTripsOffset() {
        Steps local = new Steps();
        DatabaseClock clock = new DatabaseClock(local);
        // Three round trips of 100, 4 and 40 ms; the database is 3 s ahead, as the 4 ms one tells most precisely.
        local.then(T, T.plusMillis(100), T.plusMillis(200), T.plusMillis(204), T.plusMillis(300), T.plusMillis(340));
        Deque<Instant> database = new ArrayDeque<>(List.of(T.plusMillis(3_090), T.plusMillis(3_202), T.plusMillis(3_300)));
        assertTrue(clock.measure(database::poll));
        assertEquals(Duration.ofSeconds(3), clock.offset());
        local.then(T.plusSeconds(60));
        assertEquals(T.plusSeconds(63), clock.instant());
        assertEquals(T.plusSeconds(63).toEpochMilli(), clock.millis());
    }

    @Test
    void anUnreachableDatabaseLeavesTheLastOffset() {
        Steps local = new Steps();
        DatabaseClock clock = new DatabaseClock(local);
        assertEquals(Duration.ZERO, clock.offset(), "unmeasured: the system clock");
        assertTrue(clock.measure(() -> local.get().minusMillis(1_200)));
        assertEquals(Duration.ofMillis(-1_200), clock.offset());
        assertFalse(clock.measure(() -> {
            throw new java.sql.SQLException("connection refused");
        }));
        assertEquals(Duration.ofMillis(-1_200), clock.offset());
        local.then(T.plusSeconds(10));
        assertEquals(T.plusSeconds(10).minusMillis(1_200), clock.instant());
    }

    @Test
    void describesTheSkewAsAnOperatorReadsIt() {
        assertEquals("2000 ms behind", DatabaseClock.describe(Duration.ofSeconds(2)));
        assertEquals("1500 ms ahead of", DatabaseClock.describe(Duration.ofMillis(-1_500)));
    }
}
