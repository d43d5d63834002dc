package dev.eventlog.consolidation;

import dev.eventlog.event.Event;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.time.Timestamps;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a merged event must remember beyond its public fields: for every field the burst touched,
 * when it was first changed and its value before that. {@code previous_data} alone is not enough
 * once updates arrive out of order or a field returns to its original value (it then leaves
 * {@code previous_data}, but a late, earlier update must still find its original). Stored with the
 * event in {@code merge_state}, never shown.
 */
final class MergeState {

    record Origin(String field, LocalDateTime changedAt, JsonValue previous) {
    }

    /** Insertion order is first-seen order; {@link #inOrderOfChange} sorts stably by time. */
    private final Map<String, Origin> origins = new LinkedHashMap<>();

    private MergeState() {
    }

    /** The state of {@code open}: as stored, or, before its first merge, read off the event itself. */
    static MergeState of(Event open) {
        MergeState state = new MergeState();
        if (open.getMergeState() instanceof JsonObject stored) {
            for (JsonObject o : stored.getJsonArray("fields").getValuesAs(JsonObject.class)) {
                state.origins.put(o.getString("field"), new Origin(o.getString("field"),
                        LocalDateTime.parse(o.getString("changed_at")), o.get("previous")));
            }
        } else {
            JsonObject previous = EventMerge.asObject(open.getPreviousData());
            for (String field : EventMerge.fieldNames(open.getChangedFields())) {
                state.changed(field, open.getDateCreated(), EventMerge.valueOrNull(previous, field));
            }
        }
        return state;
    }

    /** Records a change; an earlier change of the same field knows an older original and wins. */
    void changed(String field, LocalDateTime at, JsonValue previous) {
        Origin known = origins.get(field);
        if (known == null || at.isBefore(known.changedAt())) {
            origins.remove(field);
            origins.put(field, new Origin(field, at, previous));
        }
    }

    List<Origin> inOrderOfChange() {
        List<Origin> sorted = new ArrayList<>(origins.values());
        sorted.sort(Comparator.comparing(Origin::changedAt));
        return sorted;
    }

    JsonObject toJson() {
        JsonArrayBuilder fields = Jsonp.createArrayBuilder();
        for (Origin o : origins.values()) {
            fields.add(Jsonp.createObjectBuilder().add("field", o.field())
                    .add("changed_at", Timestamps.format(o.changedAt())).add("previous", o.previous()));
        }
        return Jsonp.createObjectBuilder().add("fields", fields).build();
    }
}
