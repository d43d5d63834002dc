package dev.eventlog.webhook;

import dev.eventlog.platform.error.FieldErrors;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;

/** POST …/rotate_secret/: {@code {"grace_seconds": n}}, or nothing for the default day. */
final class RotationRequest {

    static final Duration DEFAULT_GRACE = Duration.ofDays(1);
    static final Duration MAX_GRACE = Duration.ofDays(30);

    private RotationRequest() {
    }

    static Duration grace(JsonObject in) {
        FieldErrors errors = new FieldErrors();
        in.keySet().stream().filter(k -> !k.equals("grace_seconds")).forEach(k -> errors.add(k, "Unknown field."));
        JsonValue raw = in.get("grace_seconds");
        Duration grace = DEFAULT_GRACE;
        if (raw != null && raw.getValueType() != JsonValue.ValueType.NULL) {
            if (raw instanceof JsonNumber n && n.isIntegral() && n.bigIntegerValue().signum() >= 0
                    && n.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(MAX_GRACE.toSeconds())) <= 0) {
                grace = Duration.ofSeconds(n.longValue());
            } else {
                errors.add("grace_seconds", "Whole seconds from 0 (replace at once) to " + MAX_GRACE.toSeconds() + " (30 days).");
            }
        }
        errors.throwIfAny();
        return grace;
    }
}
