package dev.eventlog.event;

import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.time.Timestamps;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * The JSON forms of an event. The public one follows Close's Event Log (and never contains
 * internal_metadata); the internal one carries everything, for the JMS hops between stages.
 */
public final class EventJson {

    private EventJson() {
    }

    /** As the Event Log API and webhooks show it; {@code withData=false} blanks the snapshots. */
    public static JsonObject publicJson(Event e, boolean withData) {
        JsonObjectBuilder b = common(e);
        if (!withData) {
            b.add("data", JsonValue.NULL).add("previous_data", JsonValue.NULL);
        }
        return b.build();
    }

    /**
     * As webhooks carry it: Close's webhook payloads have no api_key_id key, so it appears only
     * when the event has one.
     */
    public static JsonObject webhookJson(Event e) {
        JsonObjectBuilder b = common(e);
        if (e.getApiKeyId() == null) {
            b.remove("api_key_id");
        }
        return b.build();
    }

    /** A public or webhook form with its snapshots blanked, keys in place, for readers who may not see them. */
    public static JsonObject withoutData(JsonObject json) {
        return Jsonp.createObjectBuilder(json).add("data", JsonValue.NULL).add("previous_data", JsonValue.NULL).build();
    }

    /** Everything, including internal_metadata: what goes through the ingest queue. */
    public static JsonObject internalJson(Event e) {
        return common(e).add("internal_metadata", orNull(e.getInternalMetadata())).build();
    }

    private static JsonObjectBuilder common(Event e) {
        return Jsonp.createObjectBuilder()
                .add("id", e.getId())
                .add("organization_id", e.getOrganizationId())
                .add("user_id", orNull(e.getUserId()))
                .add("request_id", orNull(e.getRequestId()))
                .add("api_key_id", orNull(e.getApiKeyId()))
                .add("lead_id", orNull(e.getLeadId()))
                .add("object_type", e.getObjectType())
                .add("object_id", e.getObjectId())
                .add("action", e.getAction())
                .add("date_created", Timestamps.format(e.getDateCreated()))
                .add("date_updated", Timestamps.format(e.getDateUpdated()))
                .add("meta", orNull(e.getMeta()))
                .add("changed_fields", orNull(e.getChangedFields()))
                .add("data", orNull(e.getData()))
                .add("previous_data", orNull(e.getPreviousData()));
    }

    private static JsonValue orNull(JsonValue v) {
        return v == null ? JsonValue.NULL : v;
    }

    private static JsonValue orNull(String s) {
        return s == null ? JsonValue.NULL : Jsonp.createValue(s);
    }
}
