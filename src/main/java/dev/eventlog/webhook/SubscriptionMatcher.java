package dev.eventlog.webhook;

import dev.eventlog.platform.error.FieldErrors;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/** A subscription's events list, parsed once, asking: does it want this event? */
public final class SubscriptionMatcher {

    private record Spec(String objectType, String action, ExtraFilter filter) {
    }

    private final List<Spec> specs = new ArrayList<>();

    /** The list was validated when the subscription was saved, so nothing can fail here. */
    public SubscriptionMatcher(JsonValue events) {
        FieldErrors ignored = new FieldErrors();
        for (JsonValue value : (JsonArray) events) {
            JsonObject spec = value.asJsonObject();
            JsonValue filter = spec.get("extra_filter");
            specs.add(new Spec(spec.getString("object_type"), spec.getString("action"),
                    filter == null || filter.getValueType() == JsonValue.ValueType.NULL
                            ? null : ExtraFilter.parse(filter, "extra_filter", ignored)));
        }
    }

    /** @param event the event as subscribers see it (public JSON) */
    public boolean matches(JsonObject event) {
        String objectType = event.getString("object_type");
        String action = event.getString("action");
        for (Spec spec : specs) {
            if (spec.objectType.equals(objectType) && spec.action.equals(action)
                    && (spec.filter == null || spec.filter.matches(event))) {
                return true;
            }
        }
        return false;
    }
}
