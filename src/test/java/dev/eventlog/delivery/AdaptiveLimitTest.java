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
    void answersWithoutQueueingWhileOthersWaitGrowItOneAtATime() {
        AdaptiveLimit limit = limit(64);
        assertTrue(limit.onAnswer(200, 12, true));
        assertTrue(limit.onAnswer(204, 12, true));
        assertEquals(6, limit.limit());
        assertEquals(6, acquireAll(limit));
        for (int i = 0; i < 100; i++) {
            limit.onAnswer(200, 12, true);
        }
        assertEquals(64, limit.limit(), "latency stays at its lowest: nothing queues, so it grows to the ceiling");
    }

    @Test
    void settlesWhereTheReceiverStartsToQueue() {
        // A receiver that serves 8 requests at once in 10 ms; more wait in its queue.
        AdaptiveLimit limit = limit(64);
        for (int i = 0; i < 200; i++) {
            int n = limit.limit();
            long latency = 10L * (n <= 8 ? 1 : (n + 7) / 8);
            limit.onAnswer(200, latency, true);
        }
        assertTrue(limit.limit() >= 8 && limit.limit() <= 16, "settled at " + limit.limit());
    }

    @Test
    void noGrowthWithoutDemandOrForUnsuccessfulAnswers() {
        AdaptiveLimit limit = limit(64);
        assertFalse(limit.onAnswer(200, 3, false), "nobody waits: no need for another slot");
        assertFalse(limit.onAnswer(404, 3, true), "a client error is no reason to send more");
        assertEquals(4, limit.limit());
    }

    @Test
    void aGrowingQueueShrinksIt() {
        AdaptiveLimit limit = limit(64);
        for (int i = 0; i < 16; i++) {
            limit.onAnswer(200, 2, true);
        }
        assertEquals(20, limit.limit());
        limit.onAnswer(200, 40, true);
        assertEquals(19, limit.limit(), "latency 13x the lowest: about 18 requests wait in the receiver");
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

    @Test
    void aLoweredLimitTakesBackHandedOnSlotsUntilItHolds() {
        AdaptiveLimit limit = limit(64);
        assertEquals(4, acquireAll(limit));
        limit.onAnswer(503, 3, true);
        assertEquals(2, limit.limit());
        assertFalse(limit.keepSlot(), "4 in flight, limit 2: released, not handed on");
        assertFalse(limit.keepSlot());
        assertEquals(2, limit.inFlight());
        assertTrue(limit.keepSlot(), "at the limit: the slot goes to the next waiting delivery");
        assertEquals(2, limit.inFlight());
    }

    @Test
    void aCeilingLoweredBelowWhatIsInFlightTakesTheExtraSlotsBackAsTheyFinish() {
        // A second node joined: this one's share of the subscription falls from 8 to 3.
        AdaptiveLimit limit = limit(8);
        for (int i = 0; i < 20; i++) {
            limit.onAnswer(200, 5, true);
        }
        assertEquals(8, acquireAll(limit));
        limit.ceiling(3);
        assertEquals(3, limit.limit());
        assertEquals(8, limit.inFlight(), "nothing in flight is cut off");
        for (int i = 0; i < 5; i++) {
            assertFalse(limit.keepSlot(), "released as it finishes, not handed on");
        }
        assertTrue(limit.keepSlot(), "3 in flight, at the new ceiling: handed on from now");
        assertEquals(3, limit.inFlight());
        for (int i = 0; i < 10; i++) {
            assertFalse(limit.onAnswer(200, 5, true), "no growth past the new ceiling");
        }
    }

    @Test
    void aCeilingOfZeroStartsNothingAndTheLimitStartsAfreshWhenItRises() {
        AdaptiveLimit limit = limit(64);
        assertEquals(4, acquireAll(limit));
        limit.ceiling(0); // more nodes than the cluster's ceiling, and this one has no share
        assertEquals(0, limit.limit());
        assertFalse(limit.keepSlot());
        limit.onAnswer(null, 0, true);
        assertEquals(0, limit.limit(), "a failure does not lift it to one");
        assertFalse(limit.keepSlot());
        assertFalse(limit.keepSlot());
        assertFalse(limit.keepSlot());
        assertEquals(0, limit.inFlight());
        assertFalse(limit.tryAcquire());
        limit.ceiling(2); // the other node left
        assertEquals(2, acquireAll(limit));
        limit.ceiling(64);
        assertEquals(2, limit.limit(), "a rising ceiling leaves the limit to grow by the answers");
    }

    @Test
    void aNewLimitWithACeilingOfZeroStartsNothing() {
        assertEquals(0, acquireAll(limit(0)));
    }
}
