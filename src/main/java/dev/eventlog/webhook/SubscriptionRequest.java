package dev.eventlog.webhook;

import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.json.RequestBodies;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import java.util.Set;

/**
 * A create (POST) or partial update (PUT) of a subscription, checked field by field. Fields left
 * out of a PUT are null here and keep their value.
 */
public record SubscriptionRequest(String url, JsonArray events, Boolean verifySsl, String status) {

    private static final Set<String> FIELDS = Set.of("url", "events", "verify_ssl", "status");
    private static final Set<String> SPEC_FIELDS = Set.of("object_type", "action", "extra_filter");
    private static final int MAX_EVENT_SPECS = 100;
    private static final int MAX_URL_LENGTH = 2000;
    /** Every event of the organization is matched against every filter: they must stay small. */
    static final int MAX_FILTER_CHARS = 16 * 1024;

    /** @throws dev.eventlog.platform.error.ValidationException naming every bad field */
    public static SubscriptionRequest parse(JsonObject in, boolean create, WebhookTargets targets) {
        FieldErrors errors = new FieldErrors();
        in.keySet().stream().filter(k -> !FIELDS.contains(k)).forEach(k -> errors.add(k, "Unknown field."));

        String url = RequestBodies.string(in, "url", "url", errors);
        if (url == null && create) {
            errors.add("url", "This field is required.");
        } else if (url != null) {
            if (url.length() > MAX_URL_LENGTH) {
                errors.add("url", "At most " + MAX_URL_LENGTH + " characters.");
            } else {
                try {
                    targets.checkNow(url);
                } catch (IllegalArgumentException e) {
                    errors.add("url", e.getMessage());
                }
            }
        }

        JsonArray events = null;
        JsonValue rawEvents = in.get("events");
        if (rawEvents == null || rawEvents.getValueType() == ValueType.NULL) {
            if (create) {
                errors.add("events", "This field is required.");
            }
        } else if (!(rawEvents instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_EVENT_SPECS) {
            errors.add("events", "A list of 1 to " + MAX_EVENT_SPECS + " {object_type, action, extra_filter} objects.");
        } else {
            events = array;
            for (int i = 0; i < array.size(); i++) {
                checkSpec(array.get(i), "events[" + i + "]", errors);
            }
        }

        Boolean verifySsl = null;
        JsonValue rawVerify = in.get("verify_ssl");
        if (rawVerify != null && rawVerify.getValueType() != ValueType.NULL) {
            if (rawVerify.getValueType() == ValueType.TRUE || rawVerify.getValueType() == ValueType.FALSE) {
                verifySsl = rawVerify.getValueType() == ValueType.TRUE;
            } else {
                errors.add("verify_ssl", "Must be true or false.");
            }
        }

        String status = RequestBodies.string(in, "status", "status", errors);
        if (status != null && (create || !(status.equals(WebhookSubscription.ACTIVE) || status.equals(WebhookSubscription.PAUSED)))) {
            errors.add("status", create ? "Set on update only." : "Must be 'active' or 'paused'.");
        }
        errors.throwIfAny();
        return new SubscriptionRequest(url, events, verifySsl, status);
    }

    private static void checkSpec(JsonValue value, String path, FieldErrors errors) {
        if (!(value instanceof JsonObject spec)) {
            errors.add(path, "Must be an object with object_type and action.");
            return;
        }
        spec.keySet().stream().filter(k -> !SPEC_FIELDS.contains(k)).forEach(k -> errors.add(path + "." + k, "Unknown field."));
        for (String field : new String[]{"object_type", "action"}) {
            String v = RequestBodies.string(spec, field, path + "." + field, errors);
            if (v == null || v.isBlank() || v.length() > 100) {
                errors.add(path + "." + field, "A name of 1 to 100 characters is required.");
            }
        }
        JsonValue filter = spec.get("extra_filter");
        if (filter != null && filter.getValueType() != ValueType.NULL) {
            if (filter.toString().length() > MAX_FILTER_CHARS) {
                errors.add(path + ".extra_filter", "At most " + MAX_FILTER_CHARS + " characters of JSON.");
            } else {
                ExtraFilter.parse(filter, path + ".extra_filter", errors);
            }
        }
    }
}
