package dev.eventlog.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.event.Event;
import dev.eventlog.platform.error.ValidationException;
import dev.eventlog.samples.Samples;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventParserTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.123456789Z");
    private final EventParser parser = new EventParser(Duration.ofDays(30), 1000);

    private static JsonObjectBuilder minimal() {
        return Json.createObjectBuilder()
                .add("organization_id", "orga_1").add("object_type", "lead").add("object_id", "lead_1")
                .add("action", "created");
    }

    private Event one(JsonObjectBuilder event) {
        return parser.parse(event.build(), EventParser.Receipt.atApi(NOW)).get(0);
    }

    private ValidationException invalid(JsonValue body) {
        return assertThrows(ValidationException.class, () -> parser.parse(body, EventParser.Receipt.atApi(NOW)));
    }

    @Test
    void fillsDefaultsForAMinimalEvent() {
        Event e = one(minimal());
        assertTrue(e.getId().matches("ev_[0-9A-Za-z]{22}"));
        assertEquals(LocalDateTime.parse("2026-11-22T10:00:00.123456"), e.getDateCreated(), "truncated to microseconds");
        assertEquals(e.getDateCreated(), e.getDateUpdated());
        assertEquals("lead_1", e.getLeadId(), "a lead event's lead_id is the lead itself");
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, e.getChangedFields());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, e.getPreviousData());
        assertTrue(e.isVisibleInLog());
    }

    @Test
    void acceptsClosesOwnWebhookEventAsIs() throws Exception {
        JsonObject sample = Samples.opportunityUpdatedWebhook();
        JsonObject event = sample.getJsonObject("event");
        Event e = new EventParser(Duration.ofDays(365 * 20), 1000)
                .parse(event, EventParser.Receipt.atApi(Instant.parse("2019-01-15T13:00:00Z"))).get(0);
        assertEquals("ev_2sYKRjcrA79yKxi3S4Crd7", e.getId());
        assertEquals(LocalDateTime.parse("2019-01-15T12:48:23.395"), e.getDateCreated());
        assertEquals(event.getJsonArray("changed_fields"), e.getChangedFields());
        assertEquals(event.getJsonObject("previous_data"), e.getPreviousData());
        assertEquals(event.getJsonObject("data"), e.getData());
    }

    @Test
    void emitFormComputesChangeForUpdatesAndKeepsSnapshotForDeletes() {
        JsonObject before = Json.createObjectBuilder().add("name", "A").add("size", 1).build();
        JsonObject after = Json.createObjectBuilder().add("name", "B").add("size", 1).build();
        Event updated = one(minimal().add("action", "updated").add("before", before).add("after", after));
        assertEquals(Json.createArrayBuilder().add("name").build(), updated.getChangedFields());
        assertEquals(Json.createObjectBuilder().add("name", "A").build(), updated.getPreviousData());
        assertEquals(after, updated.getData());

        Event deleted = one(minimal().add("action", "deleted").add("before", before));
        assertEquals(before, deleted.getPreviousData());
        assertEquals(JsonValue.NULL, deleted.getData());
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, deleted.getChangedFields());
    }

    @Test
    void internalMetadataDecidesVisibilityInTheLog() {
        JsonObjectBuilder hidden = minimal().add("internal_metadata", Json.createObjectBuilder()
                .add("processing_options", Json.createObjectBuilder().add("customer_visible", false)));
        assertFalse(one(hidden).isVisibleInLog());
        JsonObjectBuilder skipsLog = minimal().add("internal_metadata", Json.createObjectBuilder()
                .add("processing_options", Json.createObjectBuilder()
                        .add("ignored_consumers", Json.createArrayBuilder().add("event_log"))).add("custom", 1));
        assertFalse(one(skipsLog).isVisibleInLog());
        JsonObjectBuilder onlyWebhooks = minimal().add("internal_metadata", Json.createObjectBuilder()
                .add("processing_options", Json.createObjectBuilder()
                        .add("ignored_consumers", Json.createArrayBuilder().add("webhooks"))));
        assertTrue(one(onlyWebhooks).isVisibleInLog());
    }

    @Test
    void namesEveryProblemOfABatchByIndex() {
        JsonArrayBuilder batch = Json.createArrayBuilder()
                .add(minimal())
                .add(minimal().remove("object_id").add("action", "Bad Action"))
                .add(minimal().add("date_created", "2026-11-22T10:00:00").add("date_updated", "2026-11-21T10:00:00"))
                .add(minimal().add("internal_metadata", Json.createObjectBuilder()
                        .add("processing_options", Json.createObjectBuilder().add("priority", "urgent"))))
                .add(42);
        ValidationException e = invalid(batch.build());
        assertEquals(List.of("[1].action", "[1].object_id", "[2].date_updated",
                        "[3].internal_metadata.processing_options.priority", "[4]"),
                e.fieldErrors().keySet().stream().sorted().toList());
    }

    @Test
    void refusesOldFutureAndMixedForms() {
        assertTrue(invalid(minimal().add("date_created", "2026-10-01T00:00:00").build())
                .fieldErrors().get("date_created").contains("retention"));
        assertTrue(invalid(minimal().add("date_created", "2026-11-24T10:00:00").build())
                .fieldErrors().containsKey("date_created"));
        assertTrue(invalid(minimal().add("data", Json.createObjectBuilder()).add("after", Json.createObjectBuilder()).build())
                .fieldErrors().containsKey("before"));
        assertTrue(invalid(minimal().add("id", "evt_nope").build()).fieldErrors().containsKey("id"));
        assertTrue(invalid(minimal().add("unknown", 1).build()).fieldErrors().containsKey("unknown"));
        assertFalse(invalid(Json.createArrayBuilder().build()).errors().isEmpty());
    }

    @Test
    void queuedEventsPastRetentionAreLeftToTheConsumerNotRefused() {
        JsonObject old = minimal().add("date_created", "2026-10-01T00:00:00").build();
        assertEquals(1, parser.parse(old, EventParser.Receipt.fromQueue(NOW, "ID:1", NOW)).size());
    }

    @Test
    void idsFromTheQueueAreStablePerMessageAndIndex() {
        JsonValue batch = Json.createArrayBuilder().add(minimal()).add(minimal()).build();
        List<Event> first = parser.parse(batch, EventParser.Receipt.fromQueue(NOW, "ID:abc", NOW));
        List<Event> again = parser.parse(batch, EventParser.Receipt.fromQueue(NOW, "ID:abc", NOW));
        List<Event> other = parser.parse(batch, EventParser.Receipt.fromQueue(NOW, "ID:def", NOW));
        assertEquals(first.get(0).getId(), again.get(0).getId());
        assertEquals(first.get(1).getId(), again.get(1).getId());
        assertNotEquals(first.get(0).getId(), first.get(1).getId());
        assertNotEquals(first.get(0).getId(), other.get(0).getId());
    }

    @Test
    void generatedIdsFollowTheBatchOrder() {
        JsonArrayBuilder batch = Json.createArrayBuilder();
        for (int i = 0; i < 50; i++) {
            batch.add(minimal().add("object_id", "lead_" + i));
        }
        List<String> ids = parser.parse(batch.build(), EventParser.Receipt.atApi(NOW)).stream().map(Event::getId).toList();
        assertEquals(ids.stream().sorted().toList(), ids);
    }

    @Test
    void anOversizedBatchIsRefusedBeforeValidation() {
        JsonArrayBuilder batch = Json.createArrayBuilder();
        for (int i = 0; i < 1001; i++) {
            batch.add(JsonValue.NULL);
        }
        assertThrows(BatchTooLargeException.class, () -> parser.parse(batch.build(), EventParser.Receipt.atApi(NOW)));
    }
}
