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
import java.util.Set;
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

    @Test
    void refusesADateUpdatedMoreThanADayAhead() {
        // One event dated 9999 would sit on top of every newest-first page for good.
        ValidationException e = invalid(minimal().add("action", "updated")
                .add("date_created", "2026-11-22T09:00:00").add("date_updated", "9999-12-31T00:00:00").build());
        assertEquals("More than a day in the future.", e.fieldErrors().get("date_updated"));
        Event tomorrow = one(minimal().add("action", "updated")
                .add("date_created", "2026-11-22T09:00:00").add("date_updated", "2026-11-23T09:00:00"));
        assertEquals(LocalDateTime.parse("2026-11-23T09:00:00"), tomorrow.getDateUpdated(), "clock drift up to a day is fine");
    }

    @Test
    void limitsNestingWithinAnEventWhateverTheBodyShape() {
        JsonValue deepest = nested(EventParser.MAX_DEPTH - 1);
        JsonValue tooDeep = nested(EventParser.MAX_DEPTH);
        // The event object is level 1 and data level 2: data may hold MAX_DEPTH - 2 more levels.
        one(minimal().add("data", deepest));
        assertEquals(Set.of("event"), invalid(minimal().add("data", tooDeep).build()).fieldErrors().keySet());
        assertEquals(Set.of("[1]"), invalid(Json.createArrayBuilder().add(minimal()).add(minimal().add("data", tooDeep)).build())
                .fieldErrors().keySet());
    }

    /** An object nested {@code levels} deep, itself counted. */
    private static JsonValue nested(int levels) {
        JsonValue value = JsonValue.EMPTY_JSON_OBJECT;
        for (int i = 1; i < levels; i++) {
            value = Json.createObjectBuilder().add("a", value).build();
        }
        return value;
    }

    @Test
    void withoutAMessageTimestampDefaultsCannotBeStableSoTheyAreRequired() {
        EventParser.Receipt noTimestamp = EventParser.Receipt.fromQueue(null, "ID:1", NOW);
        ValidationException e = assertThrows(ValidationException.class, () -> parser.parse(minimal().build(), noTimestamp));
        assertEquals(Set.of("id", "date_created"), e.fieldErrors().keySet());
        Event given = parser.parse(minimal().add("id", "ev_1").add("date_created", "2026-11-22T09:00:00").build(), noTimestamp).get(0);
        assertEquals("ev_1", given.getId());
        // With a timestamp, the defaults derive from it and the message id: the same on redelivery.
        EventParser.Receipt sent = EventParser.Receipt.fromQueue(NOW.minusSeconds(5), "ID:1", NOW);
        assertEquals(parser.parse(minimal().build(), sent).get(0).getId(),
                parser.parse(minimal().build(), EventParser.Receipt.fromQueue(NOW.minusSeconds(5), "ID:1", NOW.plusSeconds(60))).get(0).getId());
    }

    @Test
    void takenEventByEventABadEventLeavesTheOthersValid() {
        JsonValue batch = Json.createArrayBuilder()
                .add(minimal().add("object_id", "good_1"))
                .add(minimal().remove("action"))
                .add(42)
                .add(minimal().add("object_id", "good_2"))
                .build();
        EventParser.Parsed parsed = parser.parseEach(batch, EventParser.Receipt.fromQueue(NOW, "ID:2", NOW));
        assertEquals(List.of("good_1", "good_2"), parsed.events().stream().map(Event::getObjectId).toList());
        assertEquals(List.of(1, 2), parsed.refused().stream().map(EventParser.Refused::index).toList());
        assertEquals(batch.asJsonArray().get(1), parsed.refused().get(0).source(), "kept as it came, to be parked");
        assertEquals(Set.of("[1].action", "[2]"), parsed.errors().fieldErrors().keySet());
        assertTrue(parsed.events().get(0).getId().compareTo(parsed.events().get(1).getId()) < 0, "ids in batch order");
    }

    @Test
    void problemsTheReaderFoundCountAgainstTheirEventsOnly() {
        dev.eventlog.platform.json.JsonInput.Checked json = dev.eventlog.platform.json.JsonInput.readChecked("["
                + minimal().add("object_id", "good").build() + ","
                + minimal().add("data", Json.createObjectBuilder().add("note", "a\u0000b")).build() + "]");
        EventParser.Parsed parsed = parser.parseEach(json.value(), EventParser.Receipt.fromQueue(NOW, "ID:3", NOW), json.problems());
        assertEquals(List.of("good"), parsed.events().stream().map(Event::getObjectId).toList());
        assertEquals(Set.of("[1].data.note"), parsed.errors().fieldErrors().keySet());
        ValidationException atApi = assertThrows(ValidationException.class,
                () -> parser.parse(json.value(), EventParser.Receipt.atApi(NOW), json.problems()));
        assertEquals(Set.of("[1].data.note"), atApi.fieldErrors().keySet());
    }
}
