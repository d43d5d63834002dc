package dev.eventlog.event;

import dev.eventlog.platform.json.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the "emit" form of an update event: Close sends {@code changed_fields} and
 * {@code previous_data} alongside the new {@code data}, and producers that only know the object's
 * state before and after rely on us to derive them.
 *
 * <p>Comparison is structural and numeric-aware: producers serialise the same value differently
 * ({@code 1} vs {@code 1.0}, keys in another order), and that must not show up as a change.
 * JSON-P's own {@code equals} compares numbers by their {@code BigDecimal}, where {@code 1} and
 * {@code 1.0} differ.
 */
public final class EventDiff {

    /** {@code changedFields} in stable order; {@code previousData} holds only those fields. */
    public record Result(JsonArray changedFields, JsonObject previousData) {

        public Result {
            Objects.requireNonNull(changedFields, "changedFields");
            Objects.requireNonNull(previousData, "previousData");
        }

        public boolean isEmpty() {
            return changedFields.isEmpty();
        }
    }

    private EventDiff() {
    }

    /**
     * Top-level fields whose values differ, in {@code after}'s order, then those only in
     * {@code before}, in its order. A field present on one side only counts as changed even when
     * the other side holds JSON null, because Close distinguishes "absent" from "null"; in
     * {@code previousData} an absent field is written as null, since JSON has nothing else.
     */
    public static Result diff(JsonObject before, JsonObject after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");

        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, JsonValue> field : after.entrySet()) {
            String name = field.getKey();
            if (!before.containsKey(name) || !jsonEquals(before.get(name), field.getValue())) {
                changed.add(name);
            }
        }
        for (String name : before.keySet()) {
            if (!after.containsKey(name)) {
                changed.add(name);
            }
        }

        JsonArrayBuilder names = Jsonp.createArrayBuilder();
        JsonObjectBuilder previous = Jsonp.createObjectBuilder();
        for (String name : changed) {
            names.add(name);
            previous.add(name, before.containsKey(name) ? before.get(name) : JsonValue.NULL);
        }
        return new Result(names.build(), previous.build());
    }

    /**
     * Deep equality where numbers compare by value ({@code 1 == 1.0 == 1e0}) at any depth, object
     * key order is ignored and array order is not. Java {@code null} equals only Java
     * {@code null}; it is not JSON null, so callers can use it for "absent".
     */
    public static boolean jsonEquals(JsonValue a, JsonValue b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.getValueType() != b.getValueType()) {
            return false;
        }
        switch (a.getValueType()) {
            case NUMBER:
                return ((JsonNumber) a).bigDecimalValue().compareTo(((JsonNumber) b).bigDecimalValue()) == 0;
            case STRING:
                return ((JsonString) a).getString().equals(((JsonString) b).getString());
            case OBJECT:
                return objectsEqual(a.asJsonObject(), b.asJsonObject());
            case ARRAY:
                return arraysEqual(a.asJsonArray(), b.asJsonArray());
            default:
                // TRUE, FALSE, NULL: the value type is the whole value.
                return true;
        }
    }

    private static boolean objectsEqual(JsonObject a, JsonObject b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, JsonValue> field : a.entrySet()) {
            if (!b.containsKey(field.getKey()) || !jsonEquals(field.getValue(), b.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean arraysEqual(JsonArray a, JsonArray b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!jsonEquals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
