package dev.eventlog.event;

import dev.eventlog.platform.error.FieldErrors;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import java.util.List;

/**
 * {@code internal_metadata.processing_options}: how Eventlog's own consumers treat an event.
 * Unknown options are kept in the stored metadata and ignored here.
 */
public record ProcessingOptions(boolean customerVisible, List<String> ignoredConsumers, String priority) {

    public static final String CONSUMER_EVENT_LOG = "event_log";
    public static final String CONSUMER_WEBHOOKS = "webhooks";

    public static final ProcessingOptions DEFAULT = new ProcessingOptions(true, List.of(), null);

    /** False when the event is hidden from customers altogether or this consumer is told to skip it. */
    public boolean visibleTo(String consumer) {
        return customerVisible && !ignoredConsumers.contains(consumer);
    }

    /**
     * The JMS priority of the event's messages on the pipeline's queues (0-9, JMS default 4):
     * Artemis hands out higher priorities first, so urgent events overtake a backlog of bulk ones.
     */
    public int jmsPriority() {
        if ("high".equals(priority)) {
            return 9;
        }
        return "low".equals(priority) ? 0 : 4;
    }

    /** The options of a stored (already validated) event. */
    public static ProcessingOptions of(Event event) {
        return event.getInternalMetadata() instanceof JsonObject metadata
                ? read(metadata, "", new FieldErrors()) : DEFAULT;
    }

    /** Reads and checks the options; problems are added to {@code errors} under {@code prefix}. */
    public static ProcessingOptions read(JsonObject internalMetadata, String prefix, FieldErrors errors) {
        JsonValue raw = internalMetadata.get("processing_options");
        if (raw == null || raw.getValueType() == ValueType.NULL) {
            return DEFAULT;
        }
        String p = prefix + "processing_options";
        if (!(raw instanceof JsonObject options)) {
            errors.add(p, "Must be a JSON object.");
            return DEFAULT;
        }
        boolean visible = true;
        JsonValue cv = options.get("customer_visible");
        if (cv != null && cv.getValueType() != ValueType.NULL) {
            if (cv.getValueType() == ValueType.FALSE) {
                visible = false;
            } else if (cv.getValueType() != ValueType.TRUE) {
                errors.add(p + ".customer_visible", "Must be true or false.");
            }
        }
        List<String> ignored = List.of();
        JsonValue ic = options.get("ignored_consumers");
        if (ic != null && ic.getValueType() != ValueType.NULL) {
            if (ic instanceof JsonArray array && array.stream().allMatch(JsonString.class::isInstance)) {
                ignored = array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
            } else {
                errors.add(p + ".ignored_consumers", "Must be an array of consumer names.");
            }
        }
        String priority = null;
        JsonValue pr = options.get("priority");
        if (pr != null && pr.getValueType() != ValueType.NULL) {
            if (pr instanceof JsonString s && (s.getString().equals("high") || s.getString().equals("low"))) {
                priority = s.getString();
            } else {
                errors.add(p + ".priority", "Must be 'high' or 'low'.");
            }
        }
        return new ProcessingOptions(visible, ignored, priority);
    }
}
