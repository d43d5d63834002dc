package dev.eventlog.consolidation;

import dev.eventlog.event.Event;
import dev.eventlog.event.EventDiff;
import dev.eventlog.platform.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Consolidation of bursts of {@code updated} events (DESIGN §3). A client saving a form often
 * produces several updates to one object within a second or two; Close shows them as one event,
 * and webhook consumers would otherwise act on intermediate states. So a newer update is folded
 * into the still-open one: the log keeps one event whose {@code previous_data} describes the state
 * before the burst and whose {@code data} describes the state after it.
 *
 * <p>The merge is a fold: merging B then C into A must equal the diff from A's "before" to C's
 * "after", in whatever order A, B and C arrive. That only holds because {@code previous_data}
 * keeps the value before the <em>earliest</em> change and because a field that came back to its
 * original value is left out (the burst as a whole did not change it).
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
     * <p>The window is open on both sides, (open.date_created - window, open.date_created +
     * window): parallel consumers may store a later update of the burst before an earlier one, so
     * an update that happened shortly <em>before</em> the open one belongs to the same burst.
     * Whether the open event is still open at all (its webhook not yet dispatched) is the
     * caller's to check; this only compares the events.
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
                || !EventDiff.jsonEquals(orJsonNull(open.getInternalMetadata()), orJsonNull(newer.getInternalMetadata()))) {
            return false;
        }
        LocalDateTime start = open.getDateCreated();
        LocalDateTime at = newer.getDateCreated();
        if (start == null || at == null) {
            return false;
        }
        return at.isAfter(start.minus(window)) && at.isBefore(start.plus(window));
    }

    /**
     * Folds {@code newer} into {@code open}, mutating only {@code open} (a managed entity in the
     * caller, so the change is flushed with the transaction). {@code newer} is left untouched; the
     * JSON values it shares with {@code open} afterwards are immutable.
     *
     * <p>Arrival order does not matter: parallel consumers can store a burst's updates in any
     * order, so the fold is defined on the times of the changes, not on the order they arrive in.
     * Per field, the merge remembers the earliest change seen and the value before it (the
     * {@link MergeState}); the newest snapshot by {@code date_updated} becomes {@code data}. The
     * id and {@code date_created} stay those of the event that opened the entry, which readers
     * may already have seen. The visible {@code changed_fields} and
     * {@code previous_data} are then the fields whose original differs from the final data, in the
     * order of their first change.
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

        MergeState state = MergeState.of(open);
        LocalDateTime changedAt = newer.getDateCreated();
        JsonObject newerPrevious = asObject(newer.getPreviousData());
        for (String field : fieldNames(newer.getChangedFields())) {
            state.changed(field, changedAt, valueOrNull(newerPrevious, field));
        }

        LocalDateTime newerUpdated = newer.getDateUpdated() != null ? newer.getDateUpdated() : changedAt;
        if (open.getDateUpdated() == null || !newerUpdated.isBefore(open.getDateUpdated())) {
            // The newest state of the burst: the snapshot and the request a reader would trace.
            // These are taken as-is, null included, so the three always describe the same request.
            open.setData(newer.getData());
            open.setDateUpdated(newerUpdated);
            open.setRequestId(newer.getRequestId());
            open.setMeta(newer.getMeta());
            open.setApiKeyId(newer.getApiKeyId());
        }
        // If the final snapshot is no data object (JSON null: the producer withheld it) we cannot
        // tell whether a field came back to its original value, so nothing is dropped: a spurious
        // entry in changed_fields is better than silently hiding a real change.
        JsonValue data = open.getData();
        JsonObject after = data != null && data.getValueType() == JsonValue.ValueType.OBJECT ? data.asJsonObject() : null;
        JsonArrayBuilder changed = Jsonp.createArrayBuilder();
        JsonObjectBuilder previousData = Jsonp.createObjectBuilder();
        for (MergeState.Origin origin : state.inOrderOfChange()) {
            // Absent in data compares as JSON null because previous_data writes "absent" as null
            // (EventDiff); the two cannot be told apart once recorded.
            if (after == null || !EventDiff.jsonEquals(origin.previous(), valueOrNull(after, origin.field()))) {
                changed.add(origin.field());
                previousData.add(origin.field(), origin.previous());
            }
        }
        open.setChangedFields(changed.build());
        open.setPreviousData(previousData.build());
        open.setMergeState(state.toJson());
    }

    /** A stored event reads SQL NULL as null, a parsed one has JSON null: both mean "none". */
    private static JsonValue orJsonNull(JsonValue value) {
        return value == null ? JsonValue.NULL : value;
    }

    private static boolean sameObject(Event a, Event b) {
        return Objects.equals(a.getOrganizationId(), b.getOrganizationId())
                && Objects.equals(a.getObjectType(), b.getObjectType())
                && Objects.equals(a.getObjectId(), b.getObjectId());
    }

    /** Stored rows may hold SQL NULL or JSON null where no object was recorded: treat as empty. */
    static JsonObject asObject(JsonValue value) {
        return value != null && value.getValueType() == JsonValue.ValueType.OBJECT
                ? value.asJsonObject()
                : JsonValue.EMPTY_JSON_OBJECT;
    }

    static JsonValue valueOrNull(JsonObject object, String field) {
        JsonValue value = object.get(field);
        return value != null ? value : JsonValue.NULL;
    }

    /** changed_fields as names; non-string entries cannot name a field and are skipped. */
    static List<String> fieldNames(JsonValue changedFields) {
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
