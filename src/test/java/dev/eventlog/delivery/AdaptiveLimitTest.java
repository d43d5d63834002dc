package dev.eventlog.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdaptiveLimitTest {

    private static final long SLOW = 5_000;

    private static AdaptiveLimit limit(int ceiling) {
        return new AdaptiveLimit(ceiling, SLOW);
    }

    private static int acquireAll(AdaptiveLimit limit) {
        int n = 0;
        while (limit.tryAcquire()) {
            n++;
        }
        return n;
    }

    @Test
    void startsAtFourAndNeverPastTheCeiling() {
        assertEquals(4, acquireAll(limit(64)));
        AdaptiveLimit small = limit(2);
        assertEquals(2, acquireAll(small));
        for (int i = 0; i < 10; i++) {
            assertFalse(small.onAnswer(200, 5, true), "no growth past the ceiling");
        }
        assertEquals(2, small.limit());
    }

    @Test
    void fastSuccessesWhileOthersWaitGrowItOneAtATime() {
        AdaptiveLimit limit = limit(64);
        assertTrue(limit.onAnswer(200, 12, true));
        assertTrue(limit.onAnswer(204, 12, true));
        assertEquals(6, limit.limit());
        assertEquals(6, acquireAll(limit));
        for (int i = 0; i < 100; i++) {
            limit.onAnswer(200, 3, true);
        }
        assertEquals(64, limit.limit());
    }

    @Test
    void noGrowthWithoutDemandOrForSlowOrUnsuccessfulAnswers() {
        AdaptiveLimit limit = limit(64);
        assertFalse(limit.onAnswer(200, 3, false), "nobody waits: no need for another slot");
        assertFalse(limit.onAnswer(200, AdaptiveLimit.FAST_MILLIS, true), "not fast");
        assertFalse(limit.onAnswer(404, 3, true), "a client error is no reason to send more");
        assertEquals(4, limit.limit());
    }

    @Test
    void overloadHalvesItDownToOne() {
        AdaptiveLimit limit = limit(64);
        for (int i = 0; i < 28; i++) {
            limit.onAnswer(200, 3, true);
        }
        assertEquals(32, limit.limit());
        limit.onAnswer(503, 3, true);
        assertEquals(16, limit.limit());
        limit.onAnswer(429, 3, true);
        assertEquals(8, limit.limit());
        limit.onAnswer(null, 10_000, true);
        assertEquals(4, limit.limit());
        limit.onAnswer(200, SLOW, true);
        assertEquals(2, limit.limit(), "an answer slower than the threshold counts as overload");
        limit.onAnswer(null, 0, true);
        limit.onAnswer(null, 0, true);
        assertEquals(1, limit.limit(), "never below one: the subscription is still served");
    }

    @Test
    void slotsInFlightAboveALoweredLimitDrainBeforeNewOnesStart() {
        AdaptiveLimit limit = limit(64);
        assertEquals(4, acquireAll(limit));
        limit.onAnswer(500, 3, true);
        limit.release();
        assertEquals(3, limit.inFlight());
        assertFalse(limit.tryAcquire(), "3 in flight, limit 2");
        limit.release();
        limit.release();
        assertTrue(limit.tryAcquire());
        assertFalse(limit.tryAcquire());
    }
}
