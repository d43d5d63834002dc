package dev.eventlog.event;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Consolidation of bursts of {@code updated} events (DESIGN §3). A client saving a form often
 * produces several updates to one object within a second or two; Close shows them as one event,
 * and webhook consumers would otherwise act on intermediate states. So a newer update is folded
 * into the still-open one: the log keeps one event whose {@code previous_data} describes the state
 * before the burst and whose {@code data} describes the state after it.
 *
 * <p>The merge is a fold: merging B then C into A must equal the diff from A's "before" to C's
 * "after". That only holds because {@code previous_data} keeps the value before the <em>first</em>
 * change and because a field that came back to its original value is dropped (the burst as a
 * whole did not change it).
 *
 * <p>Deciding <em>whether</em> to merge ({@link #canMerge}) is separate from merging
 * ({@link #mergeInto}) so the caller can look up the open event, check, and merge inside one
 * transaction without this class knowing about persistence.
 */
public final class EventMerge {

    static final String UPDATED = "updated";

    private EventMerge() {
    }

    /**
     * Whether {@code newer} may be folded into {@code open}. Only updates merge: a create or
     * delete is a boundary a consumer must see on its own. The actor ({@code user_id}) and
     * {@code internal_metadata} must match because the merged event claims one author and one
     * origin; merging edits by two users would attribute one user's change to the other.
     *
     * <p>The window is half-open, [open.date_created, open.date_created + window): an event older
     * than the open one is out of order and must not rewrite history that already looks final,
     * and the upper bound is exclusive because the webhook for the open event fires at exactly
     * {@code date_created + window}.
     *
     * <p>A second delivery of the same event (same id) is not a merge (DESIGN §3: duplicates
     * are ignored), so it is refused here; merging it would be harmless for the data but would
     * still overwrite request_id/meta and date_updated.
     */
    public static boolean canMerge(Event open, Event newer, Duration window) {
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(newer, "newer");
        Objects.requireNonNull(window, "window");
        if (!UPDATED.equals(open.getAction()) || !UPDATED.equals(newer.getAction())) {
            return false;
        }
        if (open.getId() != null && open.getId().equals(newer.getId())) {
            return false;
        }
        if (!sameObject(open, newer)
                || !Objects.equals(open.getUserId(), newer.getUserId())
                || !EventDiff.jsonEquals(open.getInternalMetadata(), newer.getInternalMetadata())) {
            return false;
        }
        LocalDateTime start = open.getDateCreated();
        LocalDateTime at = newer.getDateCreated();
        if (start == null || at == null) {
            return false;
        }
        return !at.isBefore(start) && at.isBefore(start.plus(window));
    }

    /**
     * Folds {@code newer} into {@code open}, mutating only {@code open} (a managed entity in the
     * caller, so the change is flushed with the transaction). {@code newer} is left untouched; the
     * JSON values it shares with {@code open} afterwards are immutable.
     *
     * <p>The caller is expected to have checked {@link #canMerge}; the window is not rechecked
     * here, but merging events of different objects or non-updates would corrupt the log, so that
     * is rejected.
     *
     * @throws IllegalArgumentException if either event is not an {@code updated} event or they
     *     concern different objects
     */
    public static void mergeInto(Event open, Event newer) {
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(newer, "newer");
        if (open == newer) {
            throw new IllegalArgumentException("cannot merge an event into itself");
        }
        if (!UPDATED.equals(open.getAction()) || !UPDATED.equals(newer.getAction())) {
            throw new IllegalArgumentException("only updated events merge: "
                    + open.getAction() + " <- " + newer.getAction());
        }
        if (!sameObject(open, newer)) {
            throw new IllegalArgumentException("events concern different objects: "
                    + open.getObjectType() + "/" + open.getObjectId() + " <- "
                    + newer.getObjectType() + "/" + newer.getObjectId());
        }

        // Per field, the value before the first change. LinkedHashMap keeps first-seen order,
        // which becomes the order of changed_fields and of previous_data's keys.
        Map<String, JsonValue> previous = new LinkedHashMap<>();
        JsonObject openPrevious = asObject(open.getPreviousData());
        for (String field : fieldNames(open.getChangedFields())) {
            previous.putIfAbsent(field, valueOrNull(openPrevious, field));
        }
        JsonObject newerPrevious = asObject(newer.getPreviousData());
        for (String field : fieldNames(newer.getChangedFields())) {
            // putIfAbsent: for a field the open event already changed, newer's previous value is
            // an intermediate state of the burst, not the original.
            previous.putIfAbsent(field, valueOrNull(newerPrevious, field));
        }

        JsonValue data = newer.getData();
        // If newer carries no data object (JSON null: the producer withheld it) we cannot tell
        // whether a field came back to its original value, so nothing is dropped: a spurious
        // entry in changed_fields is better than silently hiding a real change.
        if (data != null && data.getValueType() == JsonValue.ValueType.OBJECT) {
            JsonObject after = data.asJsonObject();
            // Absent in data compares as JSON null because previous_data writes "absent" as null
            // (EventDiff); the two cannot be told apart once recorded.
            previous.entrySet().removeIf(e -> EventDiff.jsonEquals(e.getValue(), valueOrNull(after, e.getKey())));
        }

        JsonArrayBuilder changed = Json.createArrayBuilder();
        JsonObjectBuilder previousData = Json.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : previous.entrySet()) {
            changed.add(e.getKey());
            previousData.add(e.getKey(), e.getValue());
        }

        // The merged event is the burst as one change: it starts where the open event started
        // (id, date_created, author, origin) and ends where the newest one ends.
        open.setChangedFields(changed.build());
        open.setPreviousData(previousData.build());
        open.setData(data);
        open.setDateUpdated(newer.getDateUpdated() != null ? newer.getDateUpdated() : newer.getDateCreated());
        // The request that last touched the object is the one a reader would want to trace; these
        // are taken as-is, null included, so the three always describe the same request.
        open.setRequestId(newer.getRequestId());
        open.setMeta(newer.getMeta());
        open.setApiKeyId(newer.getApiKeyId());
    }

    private static boolean sameObject(Event a, Event b) {
        return Objects.equals(a.getOrganizationId(), b.getOrganizationId())
                && Objects.equals(a.getObjectType(), b.getObjectType())
                && Objects.equals(a.getObjectId(), b.getObjectId());
    }

    /** Stored rows may hold SQL NULL or JSON null where no object was recorded: treat as empty. */
    private static JsonObject asObject(JsonValue value) {
        return value != null && value.getValueType() == JsonValue.ValueType.OBJECT
                ? value.asJsonObject()
                : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static JsonValue valueOrNull(JsonObject object, String field) {
        JsonValue value = object.get(field);
        return value != null ? value : JsonValue.NULL;
    }

    /** changed_fields as names; non-string entries cannot name a field and are skipped. */
    private static List<String> fieldNames(JsonValue changedFields) {
        if (changedFields == null || changedFields.getValueType() != JsonValue.ValueType.ARRAY) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (JsonValue v : changedFields.asJsonArray()) {
            if (v.getValueType() == JsonValue.ValueType.STRING) {
                names.add(((JsonString) v).getString());
            }
        }
        return names;
    }
}
