package dev.eventlog.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WaitingDeliveriesTest {

    private static Backlog.Claimed delivery(String id, String subscription) {
        return new Backlog.Claimed(id, subscription, "ev_" + id, 0, null);
    }

    @Test
    void firstInFirstOutPerSubscription() {
        WaitingDeliveries waiting = new WaitingDeliveries();
        waiting.offer(delivery("a", "s1"), 0);
        waiting.offer(delivery("b", "s2"), 0);
        waiting.offer(delivery("c", "s1"), 0);
        assertEquals("a", waiting.poll("s1", 1, 100).id());
        assertEquals("c", waiting.poll("s1", 1, 100).id());
        assertNull(waiting.poll("s1", 1, 100));
        assertFalse(waiting.isEmpty("s2"));
        assertTrue(waiting.isEmpty("s3"));
    }

    @Test
    void boundedPerSubscription() {
        WaitingDeliveries waiting = new WaitingDeliveries();
        for (int i = 0; i < WaitingDeliveries.MAX_WAITING; i++) {
            assertTrue(waiting.offer(delivery("d" + i, "s1"), 0));
        }
        assertFalse(waiting.offer(delivery("over", "s1"), 0), "the excess goes back to the database");
        assertTrue(waiting.offer(delivery("other", "s2"), 0), "another subscription has room of its own");
    }

    @Test
    void entriesOlderThanTheirClaimCanTrustAreDropped() {
        WaitingDeliveries waiting = new WaitingDeliveries();
        waiting.offer(delivery("old", "s1"), 0);
        waiting.offer(delivery("fresh", "s1"), 50);
        assertEquals("fresh", waiting.poll("s1", 120, 100).id(), "the old claim may have lapsed: left to the retry timer");
        assertTrue(waiting.isEmpty("s1"));
    }
}
