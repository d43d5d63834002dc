package dev.eventlog.ingest;

import dev.eventlog.event.Event;
import dev.eventlog.event.EventDiff;
import dev.eventlog.event.ProcessingOptions;
import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.error.ValidationException;
import dev.eventlog.platform.id.Ids;
import dev.eventlog.platform.json.BadJsonException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

        /**
         * Defaults come from the producer's send time; the time window is judged by our clock. A
         * producer that disabled message timestamps gives no send time ({@code sentAt} null): its
         * events must then carry their own id and date_created, since defaults taken from the
         * time of receipt would differ on every redelivery and store the events twice.
         */
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
    /**
     * Producers' clocks drift; a little future is tolerated, a day is a bug on their side (and an
     * event dated 9999 would top every newest-first page and stall every poller behind it).
     */
    private static final Duration MAX_FUTURE = Duration.ofDays(1);
    private static final String NO_SEND_TIME = "Required: the JMS message has no timestamp (JMSTimestamp 0), "
            + "so a default would change on every redelivery.";
    /** Levels of nesting in one event, the event object being the first. */
    public static final int MAX_DEPTH = 64;

    private final Duration retention;
    private final int maxBatchSize;

    public EventParser(Duration retention, int maxBatchSize) {
        this.retention = retention;
        this.maxBatchSize = maxBatchSize;
    }

    /**
     * One event of a batch that cannot be taken: its index in the batch, the JSON as it came, and
     * its problems, keyed by field within the event ("" for the event as a whole).
     */
    public record Refused(int index, JsonValue source, Map<String, String> fieldErrors) {
    }

    /** A batch taken event by event: the events that are valid, and those that are not. */
    public record Parsed(List<Event> events, List<Refused> refused, boolean batch) {

        /** The refused events' problems, as a 400 names them: {@code [index].field}. */
        public ValidationException errors() {
            FieldErrors errors = new FieldErrors();
            for (Refused r : refused) {
                r.fieldErrors().forEach((field, message) -> errors.add(fieldName(batch, r.index(), field), message));
            }
            return errors.exception();
        }
    }

    /** How a batch's field errors are named: {@code [3].data}, {@code [3]}, {@code data}, {@code event}. */
    public static String fieldName(boolean batch, int index, String field) {
        if (!batch) {
            return field.isEmpty() ? "event" : field;
        }
        return "[" + index + "]" + (field.isEmpty() ? "" : "." + field);
    }

    /**
     * All or nothing, for the REST endpoint: the producer is told every problem at once and fixes
     * the batch.
     *
     * @throws ValidationException naming every bad field
     */
    public List<Event> parse(JsonValue body, Receipt receipt) {
        return parse(body, receipt, List.of());
    }

    /** The same, with the problems JsonInput#readChecked found in the body. */
    public List<Event> parse(JsonValue body, Receipt receipt, List<BadJsonException> readProblems) {
        Parsed parsed = parseEach(body, receipt, readProblems);
        if (!parsed.refused().isEmpty()) {
            throw parsed.errors();
        }
        return parsed.events();
    }

    /**
     * Event by event, for the ingest queue, where nobody waits for an answer: one bad event must
     * not keep the others of its message out of the log.
     *
     * @throws ValidationException when the body is not a batch at all (not an event object or a
     *                             non-empty array of them)
     */
    public Parsed parseEach(JsonValue body, Receipt receipt) {
        return parseEach(body, receipt, List.of());
    }

    /**
     * The same, with the problems JsonInput#readChecked found in the body: each counts against the
     * event it lies in.
     */
    public Parsed parseEach(JsonValue body, Receipt receipt, List<BadJsonException> readProblems) {
        List<JsonValue> items;
        boolean batch = body instanceof JsonArray;
        if (body instanceof JsonObject single) {
            items = List.of(single);
        } else if (body instanceof JsonArray array) {
            if (array.isEmpty()) {
                throw new ValidationException(List.of("The batch is empty."), Map.of());
            }
            if (array.size() > maxBatchSize) {
                throw new BatchTooLargeException(array.size(), maxBatchSize);
            }
            items = array;
        } else {
            throw new ValidationException(List.of("The body must be an event object or an array of them."), Map.of());
        }
        Map<Integer, FieldErrors> errorsOf = new HashMap<>();
        for (BadJsonException problem : readProblems) {
            attribute(problem, batch, errorsOf);
        }
        List<Event> events = new ArrayList<>();
        List<Event> generatedIds = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            FieldErrors errors = errorsOf.computeIfAbsent(i, k -> new FieldErrors());
            JsonValue item = items.get(i);
            Event event = null;
            if (item instanceof JsonObject object) {
                event = parseOne(object, i, receipt, errors);
            } else {
                errors.add("", "Each event must be a JSON object.");
            }
            if (errors.isEmpty()) {
                events.add(event);
                if (!((JsonObject) item).containsKey("id") || ((JsonObject) item).isNull("id")) {
                    generatedIds.add(event);
                }
            } else {
                refused.add(new Refused(i, item, errors.exception().fieldErrors()));
            }
        }
        orderGeneratedIds(generatedIds);
        return new Parsed(events, refused, batch);
    }

    /** A reader's problem, by its path ("[3].data.x", or "data.x" in a single event), to its event. */
    private static void attribute(BadJsonException problem, boolean batch, Map<Integer, FieldErrors> errorsOf) {
        String path = problem.path();
        if (path == null) {
            throw new ValidationException(List.of(problem.getMessage()), Map.of());
        }
        int index = 0;
        String field = path;
        if (batch) {
            int close = path.indexOf(']');
            index = Integer.parseInt(path.substring(1, close));
            field = path.substring(close + 1).startsWith(".") ? path.substring(close + 2) : path.substring(close + 1);
        }
        errorsOf.computeIfAbsent(index, k -> new FieldErrors()).add(field, problem.problem());
    }

    /**
     * Events of one batch usually share a receipt time, and the log orders ties by id; so the ids
     * Eventlog makes are handed out in batch order (ids within one millisecond are random).
     */
    private static void orderGeneratedIds(List<Event> generated) {
        List<String> ids = generated.stream().map(Event::getId).sorted().toList();
        for (int i = 0; i < generated.size(); i++) {
            generated.get(i).setId(ids.get(i));
        }
    }

    /** Field errors go to {@code errors} keyed by field within the event. */
    private Event parseOne(JsonObject in, int index, Receipt receipt, FieldErrors errors) {
        if (deeperThan(in, MAX_DEPTH)) {
            errors.add("", "Nested deeper than " + MAX_DEPTH + " levels.");
        }
        for (String key : in.keySet()) {
            if (!FIELDS.contains(key)) {
                errors.add(key, "Unknown field.");
            }
        }
        Event e = new Event();
        e.setOrganizationId(required(in, "organization_id", errors, ORG_ID,
                "Letters, digits, '_' and '-', at most 100 characters."));
        e.setObjectType(required(in, "object_type", errors, OBJECT_TYPE,
                "Letters, digits and '_', '.', ':', '-', at most 100 characters."));
        e.setAction(required(in, "action", errors, ACTION,
                "Lower-case letters, digits and '_', starting with a letter, at most 50 characters."));
        e.setObjectId(optionalString(in, "object_id", errors));
        if (e.getObjectId() == null || e.getObjectId().isEmpty()) {
            errors.add("object_id", "This field is required.");
        }
        e.setUserId(optionalString(in, "user_id", errors));
        e.setRequestId(optionalString(in, "request_id", errors));
        e.setApiKeyId(optionalString(in, "api_key_id", errors));
        e.setLeadId(optionalString(in, "lead_id", errors));
        if (e.getLeadId() == null && "lead".equals(e.getObjectType())) {
            e.setLeadId(e.getObjectId());
        }

        String id = optionalString(in, "id", errors);
        if (id != null && !Ids.isWellFormed("ev_", id)) {
            errors.add("id", "Must be 'ev_' followed by 1 to 64 letters or digits.");
        }
        if (id == null && receipt.receivedAt() == null) {
            errors.add("id", NO_SEND_TIME);
        }
        e.setId(id != null || receipt.receivedAt() == null ? id : newId(receipt, index));

        readTimes(in, e, receipt, errors);
        e.setMeta(objectOrNull(in, "meta", errors, Jsonp.createObjectBuilder().build()));
        readInternalMetadata(in, e, errors);
        readChange(in, e, errors);
        return e;
    }

    private void readTimes(JsonObject in, Event e, Receipt receipt, FieldErrors errors) {
        LocalDateTime received = receipt.receivedAt() == null ? null
                : Timestamps.truncate(Timestamps.toUtc(receipt.receivedAt()));
        LocalDateTime now = Timestamps.toUtc(receipt.now());
        LocalDateTime created = time(in, "date_created", errors, received);
        if (created == null && received == null) {
            errors.add("date_created", NO_SEND_TIME);
        }
        LocalDateTime updated = time(in, "date_updated", errors, created);
        if (created != null && updated != null && updated.isBefore(created)) {
            errors.add("date_updated", "Must not be before date_created.");
        }
        if (created != null) {
            if (receipt.refuseExpired() && created.isBefore(now.minus(retention))) {
                errors.add("date_created", "Older than the retention period of " + retention.toDays() + " days.");
            } else if (created.isAfter(now.plus(MAX_FUTURE))) {
                errors.add("date_created", "More than a day in the future.");
            }
        }
        if (updated != null && updated.isAfter(now.plus(MAX_FUTURE))) {
            errors.add("date_updated", "More than a day in the future.");
        }
        e.setDateCreated(created);
        e.setDateUpdated(updated);
    }

    /**
     * Emit form: {@code before}/{@code after} snapshots, from which the change is computed. Full
     * form: {@code data}, {@code previous_data}, {@code changed_fields} as given.
     */
    private void readChange(JsonObject in, Event e, FieldErrors errors) {
        boolean emit = in.containsKey("before") || in.containsKey("after");
        boolean full = in.containsKey("data") || in.containsKey("previous_data") || in.containsKey("changed_fields");
        if (emit && full) {
            errors.add("before", "Send either before/after or data/previous_data/changed_fields, not both.");
            return;
        }
        JsonValue empty = JsonValue.EMPTY_JSON_OBJECT;
        if (emit) {
            JsonObject before = (JsonObject) objectOrNull(in, "before", errors, null);
            JsonObject after = (JsonObject) objectOrNull(in, "after", errors, null);
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
        e.setData(objectOrNull(in, "data", errors, JsonValue.NULL));
        e.setPreviousData(objectOrNull(in, "previous_data", errors, empty));
        JsonValue changed = in.get("changed_fields");
        if (changed == null || changed.getValueType() == ValueType.NULL) {
            e.setChangedFields(JsonValue.EMPTY_JSON_ARRAY);
        } else if (changed instanceof JsonArray array && array.stream().allMatch(JsonString.class::isInstance)) {
            e.setChangedFields(array);
        } else {
            errors.add("changed_fields", "Must be an array of field names.");
        }
    }

    private void readInternalMetadata(JsonObject in, Event e, FieldErrors errors) {
        JsonValue raw = objectOrNull(in, "internal_metadata", errors, JsonValue.NULL);
        e.setInternalMetadata(raw);
        if (!(raw instanceof JsonObject metadata)) {
            return;
        }
        ProcessingOptions options = ProcessingOptions.read(metadata, "internal_metadata.", errors);
        e.setVisibleInLog(options.visibleTo(ProcessingOptions.CONSUMER_EVENT_LOG));
    }

    /** True if a container sits more than {@code levels} deep; stops looking once it finds one. */
    static boolean deeperThan(JsonValue value, int levels) {
        if (value instanceof JsonObject object) {
            return levels == 0 || object.values().stream().anyMatch(v -> deeperThan(v, levels - 1));
        }
        if (value instanceof JsonArray array) {
            return levels == 0 || array.stream().anyMatch(v -> deeperThan(v, levels - 1));
        }
        return false;
    }

    private String newId(Receipt receipt, int index) {
        return receipt.idSeed() == null
                ? Ids.newId("ev_", receipt.receivedAt())
                : Ids.deterministicId("ev_", receipt.receivedAt(), receipt.idSeed() + "#" + index);
    }

    private static String required(JsonObject in, String field, FieldErrors errors,
                                   Pattern pattern, String rule) {
        String value = optionalString(in, field, errors);
        if (value == null || value.isEmpty()) {
            errors.add(field, "This field is required.");
            return null;
        }
        if (!pattern.matcher(value).matches()) {
            errors.add(field, rule);
        }
        return value;
    }

    private static String optionalString(JsonObject in, String field, FieldErrors errors) {
        JsonValue value = in.get(field);
        if (value == null || value.getValueType() == ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            errors.add(field, "Must be a string.");
            return null;
        }
        if (string.getString().length() > MAX_ID_LENGTH) {
            errors.add(field, "At most " + MAX_ID_LENGTH + " characters.");
        }
        return string.getString();
    }

    private static JsonValue objectOrNull(JsonObject in, String field, FieldErrors errors, JsonValue absent) {
        JsonValue value = in.get(field);
        if (value == null) {
            return absent;
        }
        if (value.getValueType() == ValueType.NULL) {
            return absent == null ? null : JsonValue.NULL;
        }
        if (value.getValueType() != ValueType.OBJECT) {
            errors.add(field, "Must be a JSON object or null.");
            return absent;
        }
        return value;
    }

    private static LocalDateTime time(JsonObject in, String field, FieldErrors errors, LocalDateTime absent) {
        JsonValue value = in.get(field);
        if (value == null || value.getValueType() == ValueType.NULL) {
            return absent;
        }
        if (value instanceof JsonString s) {
            try {
                return Timestamps.truncate(Timestamps.parseEventTime(s.getString()));
            } catch (IllegalArgumentException ex) {
                errors.add(field, ex.getMessage());
                return absent;
            }
        }
        errors.add(field, "Must be an ISO 8601 date-time string.");
        return absent;
    }
}
