package dev.eventlog.webhook;

import dev.eventlog.event.EventDiff;
import dev.eventlog.platform.error.FieldErrors;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Close's webhook {@code extra_filter} language, which subscribers already write against Close and
 * must be able to paste here unchanged. It is parsed (and so validated) when a subscription is
 * saved, so a bad filter is a 400 then rather than a silently dropped event later; evaluation is
 * pure and its cost bounded by {@link #MAX_DEPTH} and the filter's {@link #terms()}, which
 * SubscriptionRequest caps at create and update.
 *
 * <p>Two rules from Close that are easy to get wrong: a missing field is null (so
 * {@code not_equals "x"} matches it), and {@code field_accessor} takes a literal key, because
 * custom fields arrive as flat keys such as {@code custom.cf_x}, not as nested objects.
 */
public sealed interface ExtraFilter {

    /** Deep enough for any real filter, shallow enough that evaluation cannot exhaust the stack. */
    int MAX_DEPTH = 32;

    /** @param current the value under test; Java null (absent) and JSON null are both null */
    boolean matches(JsonValue current);

    /**
     * The filter's size, which bounds what matching one event costs: one for each filter in it
     * and one for each JSON value in its {@code value}s (an array of ten strings is eleven).
     */
    int terms();

    record Equals(JsonValue value) implements ExtraFilter {
        public int terms() {
            return 1 + valueTerms(value);
        }

        public Equals {
            Objects.requireNonNull(value, "value (use JsonValue.NULL)");
        }

        public boolean matches(JsonValue current) {
            return EventDiff.jsonEquals(orNull(current), value);
        }
    }

    record NotEquals(JsonValue value) implements ExtraFilter {
        public int terms() {
            return 1 + valueTerms(value);
        }

        public NotEquals {
            Objects.requireNonNull(value, "value (use JsonValue.NULL)");
        }

        public boolean matches(JsonValue current) {
            return !EventDiff.jsonEquals(orNull(current), value);
        }
    }

    record IsNull() implements ExtraFilter {
        public int terms() {
            return 1;
        }

        public boolean matches(JsonValue current) {
            return orNull(current).getValueType() == ValueType.NULL;
        }
    }

    record NonNull() implements ExtraFilter {
        public int terms() {
            return 1;
        }

        public boolean matches(JsonValue current) {
            return orNull(current).getValueType() != ValueType.NULL;
        }
    }

    /** An array with an element equal to the value, or a string holding it as a substring. */
    record Contains(JsonValue value) implements ExtraFilter {
        public int terms() {
            return 1 + valueTerms(value);
        }

        public Contains {
            Objects.requireNonNull(value, "value (use JsonValue.NULL)");
        }

        public boolean matches(JsonValue current) {
            if (current instanceof JsonArray array) {
                return array.stream().anyMatch(element -> EventDiff.jsonEquals(element, value));
            }
            return current instanceof JsonString s && value instanceof JsonString v
                    && s.getString().contains(v.getString());
        }
    }

    record And(List<ExtraFilter> filters) implements ExtraFilter {
        public int terms() {
            return 1 + filters.stream().mapToInt(ExtraFilter::terms).sum();
        }

        public And {
            filters = nonEmpty(filters);
        }

        public boolean matches(JsonValue current) {
            return filters.stream().allMatch(f -> f.matches(current));
        }
    }

    record Or(List<ExtraFilter> filters) implements ExtraFilter {
        public int terms() {
            return 1 + filters.stream().mapToInt(ExtraFilter::terms).sum();
        }

        public Or {
            filters = nonEmpty(filters);
        }

        public boolean matches(JsonValue current) {
            return filters.stream().anyMatch(f -> f.matches(current));
        }
    }

    record Not(ExtraFilter filter) implements ExtraFilter {
        public int terms() {
            return 1 + filter.terms();
        }

        public Not {
            Objects.requireNonNull(filter, "filter");
        }

        public boolean matches(JsonValue current) {
            return !filter.matches(current);
        }
    }

    record FieldAccessor(String field, ExtraFilter filter) implements ExtraFilter {
        public int terms() {
            return 1 + filter.terms();
        }

        public FieldAccessor {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(filter, "filter");
        }

        public boolean matches(JsonValue current) {
            return filter.matches(current instanceof JsonObject object ? object.get(field) : null);
        }
    }

    record AnyArrayValue(ExtraFilter filter) implements ExtraFilter {
        public int terms() {
            return 1 + filter.terms();
        }

        public AnyArrayValue {
            Objects.requireNonNull(filter, "filter");
        }

        public boolean matches(JsonValue current) {
            return current instanceof JsonArray array && array.stream().anyMatch(filter::matches);
        }
    }

    /**
     * Validates a filter as a subscriber sent it. Every problem found is added to {@code errors},
     * keyed by its JSON path below {@code path} (e.g. {@code events[0].extra_filter.filters[1].value}),
     * so one answer lists them all.
     *
     * @return the filter, or null if anything was wrong
     */
    static ExtraFilter parse(JsonValue json, String path, FieldErrors errors) {
        return parse(json, path, errors, 1);
    }

    private static ExtraFilter parse(JsonValue json, String path, FieldErrors errors, int depth) {
        if (depth > MAX_DEPTH) {
            errors.add(path, "Filters may be nested at most " + MAX_DEPTH + " levels deep.");
            return null;
        }
        if (!(json instanceof JsonObject in)) {
            errors.add(path, "A filter must be an object with a 'type'.");
            return null;
        }
        JsonValue typeValue = in.get("type");
        if (typeValue == null || typeValue.getValueType() == ValueType.NULL) {
            errors.add(path + ".type", "This field is required.");
            return null;
        }
        if (!(typeValue instanceof JsonString typeString)) {
            errors.add(path + ".type", "Must be a string.");
            return null;
        }
        String type = typeString.getString();
        Set<String> allowed = switch (type) {
            case "equals", "not_equals", "contains" -> Set.of("type", "value");
            case "is_null", "non_null" -> Set.of("type");
            case "and", "or" -> Set.of("type", "filters");
            case "not", "any_array_value" -> Set.of("type", "filter");
            case "field_accessor" -> Set.of("type", "field", "filter");
            default -> null;
        };
        if (allowed == null) {
            errors.add(path + ".type", "Unknown filter type '" + type + "'.");
            return null;
        }
        // A stray key is most likely a typo (or a misplaced "filter"), which would otherwise
        // silently change what the subscription receives.
        boolean strayKeys = false;
        for (String key : in.keySet()) {
            if (!allowed.contains(key)) {
                errors.add(path + "." + key, "Not allowed with type '" + type + "'.");
                strayKeys = true;
            }
        }
        // Children are parsed even after a stray key so that one answer reports every problem.
        ExtraFilter filter = switch (type) {
            case "equals" -> required(in, "value", path, errors) ? new Equals(in.get("value")) : null;
            case "not_equals" -> required(in, "value", path, errors) ? new NotEquals(in.get("value")) : null;
            case "contains" -> required(in, "value", path, errors) ? new Contains(in.get("value")) : null;
            case "is_null" -> new IsNull();
            case "non_null" -> new NonNull();
            case "and", "or" -> {
                List<ExtraFilter> filters = list(in, path, errors, depth);
                yield filters == null ? null : type.equals("and") ? new And(filters) : new Or(filters);
            }
            case "not" -> {
                ExtraFilter inner = nested(in, path, errors, depth);
                yield inner == null ? null : new Not(inner);
            }
            case "any_array_value" -> {
                ExtraFilter inner = nested(in, path, errors, depth);
                yield inner == null ? null : new AnyArrayValue(inner);
            }
            default -> {
                String field = field(in, path, errors);
                ExtraFilter inner = nested(in, path, errors, depth);
                yield field == null || inner == null ? null : new FieldAccessor(field, inner);
            }
        };
        return strayKeys ? null : filter;
    }

    /** JSON null counts as present: {@code {"type": "equals", "value": null}} is meaningful. */
    private static boolean required(JsonObject in, String key, String path, FieldErrors errors) {
        if (!in.containsKey(key)) {
            errors.add(path + "." + key, "This field is required.");
            return false;
        }
        return true;
    }

    private static String field(JsonObject in, String path, FieldErrors errors) {
        if (!required(in, "field", path, errors)) {
            return null;
        }
        if (in.get("field") instanceof JsonString s && !s.getString().isEmpty()) {
            return s.getString();
        }
        errors.add(path + ".field", "Must be a non-empty string.");
        return null;
    }

    private static ExtraFilter nested(JsonObject in, String path, FieldErrors errors, int depth) {
        if (!required(in, "filter", path, errors)) {
            return null;
        }
        return parse(in.get("filter"), path + ".filter", errors, depth + 1);
    }

    private static List<ExtraFilter> list(JsonObject in, String path, FieldErrors errors, int depth) {
        if (!required(in, "filters", path, errors)) {
            return null;
        }
        if (!(in.get("filters") instanceof JsonArray array) || array.isEmpty()) {
            errors.add(path + ".filters", "Must be a non-empty list of filters.");
            return null;
        }
        List<ExtraFilter> filters = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < array.size(); i++) {
            ExtraFilter f = parse(array.get(i), path + ".filters[" + i + "]", errors, depth + 1);
            ok &= f != null;
            filters.add(f);
        }
        return ok ? filters : null;
    }

    private static int valueTerms(JsonValue value) {
        if (value instanceof JsonArray array) {
            return 1 + array.stream().mapToInt(ExtraFilter::valueTerms).sum();
        }
        if (value instanceof JsonObject object) {
            return 1 + object.values().stream().mapToInt(ExtraFilter::valueTerms).sum();
        }
        return 1;
    }

    private static JsonValue orNull(JsonValue value) {
        return value == null ? JsonValue.NULL : value;
    }

    private static List<ExtraFilter> nonEmpty(List<ExtraFilter> filters) {
        List<ExtraFilter> copy = List.copyOf(filters);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("filters must not be empty");
        }
        return copy;
    }
}
