package dev.eventlog.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.ingest.EventParser;
import dev.eventlog.samples.Samples;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Our payloads against Close's published one (src/test/resources/samples): same keys, same value formats. */
class EventJsonTest {

    private static JsonObject sample() throws Exception {
        return Samples.opportunityUpdatedWebhook();
    }

    private static Event parsed(JsonObject event) {
        return new EventParser(Duration.ofDays(365 * 20), 1000)
                .parse(event, EventParser.Receipt.atApi(Instant.parse("2019-01-15T13:00:00Z"))).get(0);
    }

    @Test
    void closesWebhookEventSurvivesTheRoundTripUnchanged() throws Exception {
        JsonObject closeEvent = sample().getJsonObject("event");
        assertEquals(closeEvent, EventJson.webhookJson(parsed(closeEvent)));
    }

    @Test
    void theEventLogShowsApiKeyIdAlwaysAndWebhooksOnlyWhenSet() throws Exception {
        JsonObject closeEvent = sample().getJsonObject("event");
        JsonObject inLog = EventJson.publicJson(parsed(closeEvent), true);
        assertEquals(JsonValue.NULL, inLog.get("api_key_id"));
        JsonObject withKey = Json.createObjectBuilder(closeEvent).add("api_key_id", "api_123").build();
        assertEquals("api_123", EventJson.webhookJson(parsed(withKey)).getString("api_key_id"));
    }

    @Test
    void internalMetadataIsNeverPublic() throws Exception {
        JsonObject withMetadata = Json.createObjectBuilder(sample().getJsonObject("event"))
                .add("internal_metadata", Json.createObjectBuilder().add("secret", 1)).build();
        Event event = parsed(withMetadata);
        assertFalse(EventJson.publicJson(event, true).containsKey("internal_metadata"));
        assertFalse(EventJson.webhookJson(event).containsKey("internal_metadata"));
        assertTrue(EventJson.internalJson(event).containsKey("internal_metadata"));
    }

    @Test
    void withoutDataBlanksOnlyTheSnapshots() throws Exception {
        JsonObject hidden = EventJson.publicJson(parsed(sample().getJsonObject("event")), false);
        assertEquals(JsonValue.NULL, hidden.get("data"));
        assertEquals(JsonValue.NULL, hidden.get("previous_data"));
        assertEquals("opportunity", hidden.getString("object_type"));
    }
}
