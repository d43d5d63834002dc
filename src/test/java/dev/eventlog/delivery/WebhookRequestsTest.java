package dev.eventlog.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a subscription created by a user-role user carries: what that user reads in the Event Log API. */
class WebhookRequestsTest {

    private static final String EVENT = "{\"id\":\"ev_1\",\"organization_id\":\"orga_1\",\"object_type\":\"lead\","
            + "\"date_created\":\"2026-12-01T10:00:00.000000\",\"date_updated\":\"2026-12-01T10:00:00.000000\","
            + "\"data\":{\"name\":\"KLine\"},\"previous_data\":{\"name\":\"K\"},\"changed_fields\":[\"name\"]}";

    private static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void withinTheHourTheBytesAreThoseEveryoneGets() {
        assertSame(EVENT, WebhookRequests.asUserSees(EVENT, LocalDateTime.parse("2026-12-01T10:59:59.999999")));
    }

    @Test
    void afterTheHourTheSnapshotsAreBlankedInPlace() {
        JsonObject sent = parse(WebhookRequests.asUserSees(EVENT, LocalDateTime.parse("2026-12-01T11:00:00")));
        assertEquals(JsonValue.NULL, sent.get("data"));
        assertEquals(JsonValue.NULL, sent.get("previous_data"));
        assertEquals("lead", sent.getString("object_type"));
        assertEquals(List.copyOf(parse(EVENT).keySet()), List.copyOf(sent.keySet()), "same keys, same order");
    }
}
