package dev.eventlog.platform.limit;

import static dev.eventlog.platform.limit.ConcurrencySlots.Admission.ADMITTED;
import static dev.eventlog.platform.limit.ConcurrencySlots.Admission.ALL_FULL;
import static dev.eventlog.platform.limit.ConcurrencySlots.Admission.GROUP_FULL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConcurrencySlotsTest {

    private final ConcurrencySlots slots = new ConcurrencySlots();

    @Test
    void aGroupCannotTakeMoreThanItsShare() {
        assertEquals(ADMITTED, slots.acquire("orga_a", 2, 10));
        assertEquals(ADMITTED, slots.acquire("orga_a", 2, 10));
        assertEquals(GROUP_FULL, slots.acquire("orga_a", 2, 10));
        assertEquals(ADMITTED, slots.acquire("orga_b", 2, 10), "another organization still runs");
        slots.release("orga_a");
        assertEquals(ADMITTED, slots.acquire("orga_a", 2, 10));
    }

    @Test
    void allGroupsTogetherStopAtTheTotal() {
        assertEquals(ADMITTED, slots.acquire("orga_a", 2, 3));
        assertEquals(ADMITTED, slots.acquire("orga_b", 2, 3));
        assertEquals(ADMITTED, slots.acquire("orga_c", 2, 3));
        assertEquals(ALL_FULL, slots.acquire("orga_d", 2, 3));
        assertEquals(3, slots.inUse());
        slots.release("orga_b");
        assertEquals(ADMITTED, slots.acquire("orga_d", 2, 3));
    }

    @Test
    void refusalsHoldNothingAndIdleGroupsAreForgotten() {
        slots.acquire("orga_a", 1, 1);
        slots.acquire("orga_a", 1, 1);
        slots.acquire("orga_b", 1, 1);
        assertEquals(1, slots.inUse());
        slots.release("orga_a");
        assertEquals(0, slots.inUse());
        assertEquals(0, slots.groups());
        assertThrows(IllegalStateException.class, () -> slots.release("orga_a"), "released twice");
    }
}
