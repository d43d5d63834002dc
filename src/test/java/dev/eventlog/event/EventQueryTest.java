package dev.eventlog.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.platform.error.ValidationException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventQueryTest {

    @Test
    void defaultsToTheNewestFifty() {
        EventQuery q = EventQuery.parse(Map.of());
        assertEquals(50, q.limit());
        assertNull(q.cursor());
        assertNull(q.objectType());
    }

    @Test
    void readsEveryFilter() {
        EventCursor cursor = new EventCursor(LocalDateTime.parse("2026-11-22T10:00:00.000001"), "ev_x", EventCursor.Direction.OLDER);
        EventQuery q = EventQuery.parse(Map.ofEntries(
                Map.entry("object_type", List.of("lead")), Map.entry("object_id", List.of("lead_1")),
                Map.entry("action", List.of("updated")), Map.entry("lead_id", List.of("lead_1")),
                Map.entry("user_id", List.of("user_1")), Map.entry("request_id", List.of("req_1")),
                Map.entry("date_updated__gt", List.of("2026-11-01")),
                Map.entry("date_updated__lte", List.of("2026-11-02T03:04:05+02:00")),
                Map.entry("_limit", List.of("10")), Map.entry("_cursor", List.of(cursor.encode()))));
        assertEquals("lead", q.objectType());
        assertEquals("req_1", q.requestId());
        assertEquals(LocalDateTime.parse("2026-11-01T00:00"), q.updatedGt());
        assertEquals(LocalDateTime.parse("2026-11-02T01:04:05"), q.updatedLte());
        assertEquals(10, q.limit());
        assertEquals(cursor, q.cursor());
    }

    @Test
    void capsTheLimitAtFifty() {
        assertEquals(50, EventQuery.parse(Map.of("_limit", List.of("1000"))).limit());
    }

    @Test
    void refusesUnknownRepeatedAndMalformedParameters() {
        ValidationException e = assertThrows(ValidationException.class, () -> EventQuery.parse(Map.of(
                "colour", List.of("red"),
                "action", List.of("a", "b"),
                "_limit", List.of("-1"),
                "date_updated__lt", List.of("noon"),
                "_cursor", List.of("not-a-cursor"))));
        assertEquals(5, e.fieldErrors().size(), e.fieldErrors().toString());
        assertTrue(e.fieldErrors().get("colour").startsWith("Unknown filter"));
    }
}
