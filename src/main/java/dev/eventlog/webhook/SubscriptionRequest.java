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
public record SubscriptionRequest(String url, JsonArray events, Boolean verifySsl, String status, String signatureScheme) {

    private static final Set<String> FIELDS = Set.of("url", "events", "verify_ssl", "status", "signature_scheme");
    private static final Set<String> SCHEMES = Set.of(WebhookSignature.CLOSE, WebhookSignature.STANDARD, WebhookSignature.BOTH);
    private static final Set<String> SPEC_FIELDS = Set.of("object_type", "action", "extra_filter");
    private static final int MAX_EVENT_SPECS = 100;
    private static final int MAX_URL_LENGTH = 2000;
    /** Every event of the organization is matched against every filter: they must stay small. */
    static final int MAX_FILTER_CHARS = 16 * 1024;

    /** @throws dev.eventlog.platform.error.ValidationException naming every bad field */
    public static SubscriptionRequest parse(JsonObject in, boolean create, WebhookTargets targets, FilterLimits limits) {
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
            int terms = 0;
            for (int i = 0; i < array.size(); i++) {
                terms += checkSpec(array.get(i), "events[" + i + "]", limits, errors);
            }
            if (terms > limits.termsPerSubscription()) {
                errors.add("events", "The extra_filters of one subscription may have at most " + limits.termsPerSubscription()
                        + " terms in all (filters and the values in them); these have " + terms + ".");
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
        String scheme = RequestBodies.string(in, "signature_scheme", "signature_scheme", errors);
        if (scheme != null && !SCHEMES.contains(scheme)) {
            errors.add("signature_scheme", "Must be 'close' (close-sig-* headers), 'standard' (Standard Webhooks) or 'both'.");
        }
        errors.throwIfAny();
        return new SubscriptionRequest(url, events, verifySsl, status, scheme);
    }

    /** @return the terms of the spec's filter, 0 without one (or with one that is refused anyway) */
    private static int checkSpec(JsonValue value, String path, FilterLimits limits, FieldErrors errors) {
        if (!(value instanceof JsonObject spec)) {
            errors.add(path, "Must be an object with object_type and action.");
            return 0;
        }
        spec.keySet().stream().filter(k -> !SPEC_FIELDS.contains(k)).forEach(k -> errors.add(path + "." + k, "Unknown field."));
        for (String field : new String[]{"object_type", "action"}) {
            String v = RequestBodies.string(spec, field, path + "." + field, errors);
            if (v == null || v.isBlank() || v.length() > 100) {
                errors.add(path + "." + field, "A name of 1 to 100 characters is required.");
            }
        }
        JsonValue raw = spec.get("extra_filter");
        if (raw == null || raw.getValueType() == ValueType.NULL) {
            return 0;
        }
        if (raw.toString().length() > MAX_FILTER_CHARS) {
            errors.add(path + ".extra_filter", "At most " + MAX_FILTER_CHARS + " characters of JSON.");
            return 0;
        }
        ExtraFilter filter = ExtraFilter.parse(raw, path + ".extra_filter", errors);
        if (filter == null) {
            return 0;
        }
        // Breadth, which the text limit alone leaves at hundreds of terms per filter and a hundred
        // filters per subscription, each evaluated for every event inside the ingest transaction.
        int terms = filter.terms();
        if (terms > limits.termsPerFilter()) {
            errors.add(path + ".extra_filter", "At most " + limits.termsPerFilter()
                    + " terms (filters and the values in them); this one has " + terms + ".");
        }
        return terms;
    }
}
