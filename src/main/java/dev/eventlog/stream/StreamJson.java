package dev.eventlog.stream;

import dev.eventlog.event.EventJson;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.time.Timestamps;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** The stream's JSON: entries (the internal form of the event, internal_metadata included) and consumers. */
final class StreamJson {

    private StreamJson() {
    }

    /**
     * One change. {@code consumer_options} is the reading consumer's own entry of
     * processing_options (its options_key), present only when it has one.
     */
    static JsonObject entry(StreamEntry entry, String optionsKey) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder()
                .add("position", entry.position().format())
                .add("date_logged", Timestamps.format(entry.dateLogged()))
                .add("event", EventJson.internalJson(entry.event()));
        if (!entry.unreadable().isEmpty()) {
            JsonArrayBuilder fields = Jsonp.createArrayBuilder();
            entry.unreadable().forEach(fields::add);
            b.add("unreadable_fields", fields);
        }
        if (optionsKey != null) {
            b.add("consumer_options", consumerOptions(entry.event().getInternalMetadata(), optionsKey));
        }
        return b.build();
    }

    static JsonObject page(StreamPage page, String optionsKey) {
        JsonArrayBuilder data = Jsonp.createArrayBuilder();
        page.entries().forEach(e -> data.add(entry(e, optionsKey)));
        return Jsonp.createObjectBuilder()
                .add("data", data)
                .add("next", page.next().format())
                .add("has_more", page.full())
                .build();
    }

    static JsonObject consumer(StreamConsumer c) {
        return Jsonp.createObjectBuilder()
                .add("name", c.getName())
                .add("organization_id", orNull(c.getOrganizationId()))
                .add("options_key", orNull(c.getOptionsKey()))
                .add("description", orNull(c.getDescription()))
                .add("position", c.getPosition().format())
                .add("date_created", Timestamps.format(c.getDateCreated()))
                .add("date_position_updated", Timestamps.format(c.getDatePositionUpdated()))
                .build();
    }

    private static JsonValue consumerOptions(JsonValue internalMetadata, String key) {
        if (internalMetadata instanceof JsonObject metadata
                && metadata.get("processing_options") instanceof JsonObject options
                && options.containsKey(key)) {
            return options.get(key);
        }
        return JsonValue.NULL;
    }

    private static JsonValue orNull(String s) {
        return s == null ? JsonValue.NULL : Jsonp.createValue(s);
    }
}
