package dev.eventlog.ingest;

import dev.eventlog.event.Event;
import dev.eventlog.event.EventDiff;
import dev.eventlog.event.ProcessingOptions;
import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.id.Ids;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.time.Timestamps;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue.ValueType;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns what a producer sent (one event or an array, in the full or the emit form) into events
 * ready to store, or rejects the whole lot with every problem named. Pure: the time of receipt
 * and the id seed come in as arguments, so the same input always gives the same events.
 */
public final class EventParser {

    /**
     * How a batch came in: when, for JMS a seed that makes ids stable across redeliveries, and
     * whether events older than the retention are an error (at the API: the producer should know)
     * or left for the caller to skip (off the queue: they may have waited there through an outage).
     */
    public record Receipt(Instant receivedAt, String idSeed, boolean refuseExpired, Instant now) {

        public static Receipt atApi(Instant now) {
            return new Receipt(now, null, true, now);
        }

        /** Defaults come from the producer's send time; the time window is judged by our clock. */
        public static Receipt fromQueue(Instant sentAt, String messageId, Instant now) {
            return new Receipt(sentAt, messageId, false, now);
        }
    }

    private static final Set<String> FIELDS = Set.of("id", "organization_id", "user_id", "request_id",
            "api_key_id", "lead_id", "object_type", "object_id", "action", "data", "previous_data",
            "changed_fields", "meta", "date_created", "date_updated", "internal_metadata", "before", "after");
    private static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern OBJECT_TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]{0,49}");
    private static final int MAX_ID_LENGTH = 200;
    /** Producers' clocks drift; a little future is tolerated, a day is a bug on their side. */
    private static final Duration MAX_FUTURE = Duration.ofDays(1);

    private final Duration retention;
    private final int maxBatchSize;

    public EventParser(Duration retention, int maxBatchSize) {
        this.retention = retention;
        this.maxBatchSize = maxBatchSize;
    }

    /** @throws dev.eventlog.platform.error.ValidationException naming every bad field */
    public List<Event> parse(JsonValue body, Receipt receipt) {
        FieldErrors errors = new FieldErrors();
        List<Event> events = new ArrayList<>();
        if (body instanceof JsonObject single) {
            events.add(parseOne(single, "", 0, receipt, errors));
        } else if (body instanceof JsonArray array) {
            if (array.isEmpty()) {
                errors.addGeneral("The batch is empty.");
            }
            if (array.size() > maxBatchSize) {
                throw new BatchTooLargeException(array.size(), maxBatchSize);
            }
            for (int i = 0; i < array.size(); i++) {
                String prefix = "[" + i + "].";
                if (array.get(i) instanceof JsonObject object) {
                    events.add(parseOne(object, prefix, i, receipt, errors));
                } else {
                    errors.add("[" + i + "]", "Each event must be a JSON object.");
                }
            }
        } else {
            errors.addGeneral("The body must be an event object or an array of them.");
        }
        errors.throwIfAny();
        orderGeneratedIds(events, body);
        return events;
    }

    /**
     * Events of one batch usually share a receipt time, and the log orders ties by id; so the ids
     * Eventlog makes are handed out in batch order (ids within one millisecond are random).
     */
    private static void orderGeneratedIds(List<Event> events, JsonValue body) {
        List<Event> generated = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonObject source = body instanceof JsonArray array ? array.getJsonObject(i) : (JsonObject) body;
            if (!source.containsKey("id") || source.isNull("id")) {
                generated.add(events.get(i));
            }
        }
        List<String> ids = generated.stream().map(Event::getId).sorted().toList();
        for (int i = 0; i < generated.size(); i++) {
            generated.get(i).setId(ids.get(i));
        }
    }

    private Event parseOne(JsonObject in, String p, int index, Receipt receipt, FieldErrors errors) {
        for (String key : in.keySet()) {
            if (!FIELDS.contains(key)) {
                errors.add(p + key, "Unknown field.");
            }
        }
        Event e = new Event();
        e.setOrganizationId(required(in, "organization_id", p, errors, ORG_ID,
                "Letters, digits, '_' and '-', at most 100 characters."));
        e.setObjectType(required(in, "object_type", p, errors, OBJECT_TYPE,
                "Letters, digits and '_', '.', ':', '-', at most 100 characters."));
        e.setAction(required(in, "action", p, errors, ACTION,
                "Lower-case letters, digits and '_', starting with a letter, at most 50 characters."));
        e.setObjectId(optionalString(in, "object_id", p, errors));
        if (e.getObjectId() == null || e.getObjectId().isEmpty()) {
            errors.add(p + "object_id", "This field is required.");
        }
        e.setUserId(optionalString(in, "user_id", p, errors));
        e.setRequestId(optionalString(in, "request_id", p, errors));
        e.setApiKeyId(optionalString(in, "api_key_id", p, errors));
        e.setLeadId(optionalString(in, "lead_id", p, errors));
        if (e.getLeadId() == null && "lead".equals(e.getObjectType())) {
            e.setLeadId(e.getObjectId());
        }

        String id = optionalString(in, "id", p, errors);
        if (id != null && !Ids.isWellFormed("ev_", id)) {
            errors.add(p + "id", "Must be 'ev_' followed by 1 to 64 letters or digits.");
        }
        e.setId(id != null ? id : newId(receipt, index));

        readTimes(in, p, e, receipt, errors);
        e.setMeta(objectOrNull(in, "meta", p, errors, Jsonp.createObjectBuilder().build()));
        readInternalMetadata(in, p, e, errors);
        readChange(in, p, e, errors);
        return e;
    }

    private void readTimes(JsonObject in, String p, Event e, Receipt receipt, FieldErrors errors) {
        LocalDateTime received = Timestamps.truncate(Timestamps.toUtc(receipt.receivedAt()));
        LocalDateTime now = Timestamps.toUtc(receipt.now());
        LocalDateTime created = time(in, "date_created", p, errors, received);
        LocalDateTime updated = time(in, "date_updated", p, errors, created);
        if (created != null && updated != null && updated.isBefore(created)) {
            errors.add(p + "date_updated", "Must not be before date_created.");
        }
        if (created != null) {
            if (receipt.refuseExpired() && created.isBefore(now.minus(retention))) {
                errors.add(p + "date_created", "Older than the retention period of " + retention.toDays() + " days.");
            } else if (created.isAfter(now.plus(MAX_FUTURE))) {
                errors.add(p + "date_created", "More than a day in the future.");
            }
        }
        e.setDateCreated(created);
        e.setDateUpdated(updated);
    }

    /**
     * Emit form: {@code before}/{@code after} snapshots, from which the change is computed. Full
     * form: {@code data}, {@code previous_data}, {@code changed_fields} as given.
     */
    private void readChange(JsonObject in, String p, Event e, FieldErrors errors) {
        boolean emit = in.containsKey("before") || in.containsKey("after");
        boolean full = in.containsKey("data") || in.containsKey("previous_data") || in.containsKey("changed_fields");
        if (emit && full) {
            errors.add(p + "before", "Send either before/after or data/previous_data/changed_fields, not both.");
            return;
        }
        JsonValue empty = JsonValue.EMPTY_JSON_OBJECT;
        if (emit) {
            JsonObject before = (JsonObject) objectOrNull(in, "before", p, errors, null);
            JsonObject after = (JsonObject) objectOrNull(in, "after", p, errors, null);
            e.setData(after == null ? JsonValue.NULL : after);
            switch (e.getAction() == null ? "" : e.getAction()) {
                case "created" -> {
                    e.setPreviousData(empty);
                    e.setChangedFields(JsonValue.EMPTY_JSON_ARRAY);
                }
                case "deleted" -> {
                    e.setPreviousData(before == null ? empty : before);
                    e.setChangedFields(JsonValue.EMPTY_JSON_ARRAY);
                }
                default -> {
                    EventDiff.Result diff = EventDiff.diff(
                            before == null ? JsonValue.EMPTY_JSON_OBJECT : before,
                            after == null ? JsonValue.EMPTY_JSON_OBJECT : after);
                    e.setPreviousData(diff.previousData());
                    e.setChangedFields(diff.changedFields());
                }
            }
            return;
        }
        e.setData(objectOrNull(in, "data", p, errors, JsonValue.NULL));
        e.setPreviousData(objectOrNull(in, "previous_data", p, errors, empty));
        JsonValue changed = in.get("changed_fields");
        if (changed == null || changed.getValueType() == ValueType.NULL) {
            e.setChangedFields(JsonValue.EMPTY_JSON_ARRAY);
        } else if (changed instanceof JsonArray array && array.stream().allMatch(JsonString.class::isInstance)) {
            e.setChangedFields(array);
        } else {
            errors.add(p + "changed_fields", "Must be an array of field names.");
        }
    }

    private void readInternalMetadata(JsonObject in, String p, Event e, FieldErrors errors) {
        JsonValue raw = objectOrNull(in, "internal_metadata", p, errors, JsonValue.NULL);
        e.setInternalMetadata(raw);
        if (!(raw instanceof JsonObject metadata)) {
            return;
        }
        ProcessingOptions options = ProcessingOptions.read(metadata, p + "internal_metadata.", errors);
        e.setVisibleInLog(options.visibleTo(ProcessingOptions.CONSUMER_EVENT_LOG));
    }

    private String newId(Receipt receipt, int index) {
        return receipt.idSeed() == null
                ? Ids.newId("ev_", receipt.receivedAt())
                : Ids.deterministicId("ev_", receipt.receivedAt(), receipt.idSeed() + "#" + index);
    }

    private static String required(JsonObject in, String field, String p, FieldErrors errors,
                                   Pattern pattern, String rule) {
        String value = optionalString(in, field, p, errors);
        if (value == null || value.isEmpty()) {
            errors.add(p + field, "This field is required.");
            return null;
        }
        if (!pattern.matcher(value).matches()) {
            errors.add(p + field, rule);
        }
        return value;
    }

    private static String optionalString(JsonObject in, String field, String p, FieldErrors errors) {
        JsonValue value = in.get(field);
        if (value == null || value.getValueType() == ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            errors.add(p + field, "Must be a string.");
            return null;
        }
        if (string.getString().length() > MAX_ID_LENGTH) {
            errors.add(p + field, "At most " + MAX_ID_LENGTH + " characters.");
        }
        return string.getString();
    }

    private static JsonValue objectOrNull(JsonObject in, String field, String p, FieldErrors errors, JsonValue absent) {
        JsonValue value = in.get(field);
        if (value == null) {
            return absent;
        }
        if (value.getValueType() == ValueType.NULL) {
            return absent == null ? null : JsonValue.NULL;
        }
        if (value.getValueType() != ValueType.OBJECT) {
            errors.add(p + field, "Must be a JSON object or null.");
            return absent;
        }
        return value;
    }

    private static LocalDateTime time(JsonObject in, String field, String p, FieldErrors errors, LocalDateTime absent) {
        JsonValue value = in.get(field);
        if (value == null || value.getValueType() == ValueType.NULL) {
            return absent;
        }
        if (value instanceof JsonString s) {
            try {
                return Timestamps.truncate(Timestamps.parseEventTime(s.getString()));
            } catch (IllegalArgumentException ex) {
                errors.add(p + field, ex.getMessage());
                return absent;
            }
        }
        errors.add(p + field, "Must be an ISO 8601 date-time string.");
        return absent;
    }
}
