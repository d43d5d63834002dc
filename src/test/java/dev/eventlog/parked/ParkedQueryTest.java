package dev.eventlog.parked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.platform.error.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParkedQueryTest {

    private static Map<String, String> fieldErrors(Map<String, List<String>> params) {
        return assertThrows(ValidationException.class, () -> ParkedQuery.parse(params)).fieldErrors();
    }

    @Test
    void readsQueueLimitAndCursor() {
        ParkedCursor cursor = new ParkedCursor(1764028093213L, "ID:abc");
        ParkedQuery query = ParkedQuery.parse(Map.of("queue", List.of("dead"), "_limit", List.of("10"),
                "_cursor", List.of(cursor.encode())));
        assertEquals(ParkedQueue.DEAD, query.queue());
        assertEquals(10, query.limit());
        assertEquals(cursor, query.cursor());
    }

    @Test
    void defaultsToFiftyFromTheOldestAndCapsTheLimit() {
        ParkedQuery query = ParkedQuery.parse(Map.of("queue", List.of("rejected")));
        assertEquals(ParkedQueue.REJECTED, query.queue());
        assertEquals(50, query.limit());
        assertNull(query.cursor());
        assertEquals(100, ParkedQuery.parse(Map.of("queue", List.of("rejected"), "_limit", List.of("5000"))).limit());
    }

    @Test
    void theQueueIsRequiredAndOneOfTwo() {
        assertEquals(Map.of("queue", "Required: rejected or dead."), fieldErrors(Map.of()));
        assertEquals(Map.of("queue", "Required: rejected or dead."), fieldErrors(Map.of("queue", List.of("DLQ"))));
        assertEquals(Map.of("queue", "Required: rejected or dead."), fieldErrors(Map.of("queue", List.of("dead'"))));
    }

    @Test
    void namesEveryBadParameter() {
        Map<String, String> errors = fieldErrors(Map.of("queue", List.of("dead", "rejected"), "_limit", List.of("0"),
                "_cursor", List.of("garbage"), "limit", List.of("5")));
        assertEquals("Give this parameter once.", errors.get("queue"));
        assertEquals("Must be a positive integer.", errors.get("_limit"));
        assertTrue(errors.get("_cursor").startsWith("Invalid cursor"), errors.toString());
        assertEquals("Unknown parameter. Known: _cursor, _limit, queue.", errors.get("limit"));
        assertEquals("Must be a positive integer.",
                fieldErrors(Map.of("queue", List.of("dead"), "_limit", List.of("ten"))).get("_limit"));
    }

    @Test
    void replayAllTakesTheQueueOnly() {
        assertEquals(ParkedQueue.DEAD, ParkedQuery.queueOnly(Map.of("queue", List.of("dead"))));
        ValidationException e = assertThrows(ValidationException.class,
                () -> ParkedQuery.queueOnly(Map.of("queue", List.of("dead"), "_limit", List.of("5"))));
        assertEquals(Map.of("_limit", "Unknown parameter. Known: queue."), e.fieldErrors());
    }
}
