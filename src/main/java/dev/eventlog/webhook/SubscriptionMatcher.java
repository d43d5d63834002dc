package dev.eventlog.webhook;

import dev.eventlog.platform.error.FieldErrors;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/** A subscription's events list, parsed once, asking: does it want this event? */
public final class SubscriptionMatcher {

    /** {@code filter} null: no filter given; {@code broken}: one was given but no longer parses. */
    private record Spec(String objectType, String action, ExtraFilter filter, boolean broken) {
    }

    private final List<Spec> specs = new ArrayList<>();

    /**
     * The list was validated when the subscription was saved. Should a stored filter stop parsing
     * (stricter rules in a later version), its entry matches nothing: failing closed sends too
     * little, never events the subscriber filtered out.
     */
    public SubscriptionMatcher(JsonValue events) {
        for (JsonValue value : (JsonArray) events) {
            JsonObject spec = value.asJsonObject();
            JsonValue raw = spec.get("extra_filter");
            boolean given = raw != null && raw.getValueType() != JsonValue.ValueType.NULL;
            ExtraFilter filter = given ? ExtraFilter.parse(raw, "extra_filter", new FieldErrors()) : null;
            specs.add(new Spec(spec.getString("object_type"), spec.getString("action"), filter, given && filter == null));
        }
    }

    /** @param event the event as subscribers see it (public JSON) */
    public boolean matches(JsonObject event) {
        String objectType = event.getString("object_type");
        String action = event.getString("action");
        for (Spec spec : specs) {
            if (!spec.broken && spec.objectType.equals(objectType) && spec.action.equals(action)
                    && (spec.filter == null || spec.filter.matches(event))) {
                return true;
            }
        }
        return false;
    }
}
