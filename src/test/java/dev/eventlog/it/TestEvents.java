package dev.eventlog.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Collection;

/** Event bodies as a producer would post them. */
public final class TestEvents {

    private TestEvents() {
    }

    public static JsonObjectBuilder event(String org, String objectType, String objectId, String action) {
        return Json.createObjectBuilder()
                .add("organization_id", org)
                .add("object_type", objectType)
                .add("object_id", objectId)
                .add("action", action)
                .add("meta", Json.createObjectBuilder().add("request_method", "POST").add("request_path", "/api/v1/x/"));
    }

    public static JsonObjectBuilder noteCreated(String org, String noteId, String userId) {
        return event(org, "activity.note", noteId, "created")
                .add("user_id", userId)
                .add("lead_id", "lead_1")
                .add("data", Json.createObjectBuilder().add("id", noteId).add("note", "hello").add("lead_id", "lead_1"));
    }

    public static String batch(Collection<JsonObject> events) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        events.forEach(array::add);
        return array.build().toString();
    }
}
