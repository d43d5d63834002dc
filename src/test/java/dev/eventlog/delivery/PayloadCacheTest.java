package dev.eventlog.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PayloadCacheTest {

    private static final String HUNDRED_KB = "x".repeat(100 * 1024);

    @Test
    void largeEventsAreBoundedByBytesNotByCount() {
        long limit = 10L * 1024 * 1024;
        PayloadCache cache = new PayloadCache(limit);
        // The old bound (20,000 entries) would have kept all of these: 2 GB of 100 KB events.
        for (int i = 0; i < 20_000; i++) {
            cache.put("ev_" + i, HUNDRED_KB);
            assertTrue(cache.bytes() <= limit, "held " + cache.bytes() + " bytes after " + i);
        }
        long each = PayloadCache.weight("ev_19999", HUNDRED_KB);
        assertEquals(limit / each, cache.size(), "as many as fit, no more");
        assertEquals(HUNDRED_KB, cache.get("ev_19999"), "the newest stay");
        assertNull(cache.get("ev_0"), "the oldest went first");
    }

    @Test
    void manySmallEventsFitWhereFewLargeOnesDo() {
        PayloadCache cache = new PayloadCache(1024 * 1024);
        for (int i = 0; i < 1000; i++) {
            cache.put("ev_" + i, "{\"id\":\"ev_" + i + "\"}");
        }
        assertEquals(1000, cache.size());
    }

    @Test
    void replacingAnEntryCountsOnlyTheNewText() {
        PayloadCache cache = new PayloadCache(1024 * 1024);
        cache.put("ev_1", HUNDRED_KB);
        cache.put("ev_1", "{}");
        assertEquals(PayloadCache.weight("ev_1", "{}"), cache.bytes());
        assertEquals("{}", cache.get("ev_1"));
    }

    @Test
    void anEntryLargerThanTheWholeBoundIsNotKeptAndEvictsNothing() {
        PayloadCache cache = new PayloadCache(150 * 1024);
        cache.put("ev_small", "{}");
        cache.put("ev_huge", HUNDRED_KB);
        assertFalse(cache.contains("ev_huge"));
        assertTrue(cache.contains("ev_small"));
    }
}
