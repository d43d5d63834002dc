package dev.eventlog.redelivery;

import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.time.Timestamps;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.LocalDateTime;
import java.time.Period;
import java.util.Set;

/**
 * POST …/recover/: {@code {"since": time, "until": time?, "include_delivered": bool?}}. The window
 * is of events' date_updated (as the Event Log API's date_updated__gte / __lt filter), since
 * included, until excluded; without until, up to now. A window reaching past the retention
 * period is fine: there is nothing older to find.
 */
record RecoveryRequest(LocalDateTime since, LocalDateTime until, boolean includeDelivered) {

    /** Further back than any retention period: a window is cut here. */
    static final Period OLDEST = Period.ofYears(1);

    private static final Set<String> FIELDS = Set.of("since", "until", "include_delivered");

    static RecoveryRequest parse(JsonObject in, LocalDateTime now) {
        FieldErrors errors = new FieldErrors();
        in.keySet().stream().filter(k -> !FIELDS.contains(k)).forEach(k -> errors.add(k, "Unknown field."));
        LocalDateTime since = time(in, "since", errors, true);
        LocalDateTime until = time(in, "until", errors, false);
        boolean includeDelivered = false;
        JsonValue raw = in.get("include_delivered");
        if (raw != null && raw.getValueType() != JsonValue.ValueType.NULL) {
            if (raw.getValueType() == JsonValue.ValueType.TRUE || raw.getValueType() == JsonValue.ValueType.FALSE) {
                includeDelivered = raw.getValueType() == JsonValue.ValueType.TRUE;
            } else {
                errors.add("include_delivered", "true or false.");
            }
        }
        if (until == null || until.isAfter(now)) {
            until = now;
        }
        // Nothing is kept that long; a year 0001 would only make the database's dates odd.
        if (since != null && since.isBefore(now.minus(OLDEST))) {
            since = now.minus(OLDEST);
        }
        if (since != null && !since.isBefore(until)) {
            errors.add("since", "Must be before until (and before now).");
        }
        errors.throwIfAny();
        return new RecoveryRequest(since, until, includeDelivered);
    }

    private static LocalDateTime time(JsonObject in, String field, FieldErrors errors, boolean required) {
        JsonValue raw = in.get(field);
        if (raw == null || raw.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                errors.add(field, "Required: " + Timestamps.ACCEPTED_FORMAT + ".");
            }
            return null;
        }
        if (!(raw instanceof JsonString text)) {
            errors.add(field, "A string: " + Timestamps.ACCEPTED_FORMAT + ".");
            return null;
        }
        try {
            return Timestamps.parseFilter(text.getString());
        } catch (IllegalArgumentException e) {
            errors.add(field, "Invalid: " + Timestamps.ACCEPTED_FORMAT + ".");
            return null;
        }
    }
}
