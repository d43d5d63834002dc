package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.TestApi.Reply;
import dev.eventlog.it.TestApi.Tenant;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A producer posts events; a user reads them back through the Event Log API. */
@ExtendWith(ArquillianExtension.class)
class IngestRoundTripIT {

    private static final Pattern NAIVE_UTC = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private final TestApi api = TestApi.inServer();

    @Test
    void postedEventIsServedInClosesShape() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        JsonObject event = TestEvents.noteCreated(tenant.organizationId(), "acti_rt1", "user_1")
                .add("request_id", "req_1").build();
        Reply accepted = expect(api.post("/api/v1/internal/event/", ingestKey, event.toString()), 202);
        String id = accepted.json().getJsonArray("ids").getString(0);
        assertTrue(id.matches("ev_[0-9A-Za-z]{22}"), id);

        JsonObject served = await().atMost(30, SECONDS).until(
                () -> api.get("/api/v1/event/" + id + "/", tenant.adminKey()), r -> r.status() == 200).json();
        assertEquals(Set.of("id", "organization_id", "user_id", "request_id", "api_key_id", "lead_id", "object_type",
                "object_id", "action", "date_created", "date_updated", "meta", "changed_fields", "data",
                "previous_data"), served.keySet());
        assertEquals("activity.note", served.getString("object_type"));
        assertEquals("created", served.getString("action"));
        assertEquals("hello", served.getJsonObject("data").getString("note"));
        assertEquals(JsonObject.EMPTY_JSON_OBJECT, served.getJsonObject("previous_data"));
        assertTrue(NAIVE_UTC.matcher(served.getString("date_created")).matches(), served.getString("date_created"));

        JsonObject page = expect(api.get("/api/v1/event/", tenant.adminKey()), 200).json();
        assertEquals(id, page.getJsonArray("data").getJsonObject(0).getString("id"));
    }

    @Test
    void emitFormComputesTheChange() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        JsonObject emit = TestEvents.event(tenant.organizationId(), "lead", "lead_emit", "updated")
                .add("before", Json.createObjectBuilder().add("name", "Old").add("status", "open").add("n", 1))
                .add("after", Json.createObjectBuilder().add("name", "New").add("status", "open").add("n", 1.0))
                .build();
        String id = expect(api.post("/api/v1/internal/event/", ingestKey, emit.toString()), 202)
                .json().getJsonArray("ids").getString(0);
        JsonObject served = await().atMost(30, SECONDS).until(
                () -> api.get("/api/v1/event/" + id + "/", tenant.adminKey()), r -> r.status() == 200).json();
        assertEquals(List.of("name"), served.getJsonArray("changed_fields").getValuesAs(JsonString::getString));
        assertEquals(Json.createObjectBuilder().add("name", "Old").build(), served.getJsonObject("previous_data"));
        assertEquals("New", served.getJsonObject("data").getString("name"));
        assertEquals("lead_emit", served.getString("lead_id"), "a lead's events carry its id as lead_id");
    }

    @Test
    void eventsHiddenByInternalMetadataNeverReachTheApi() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        JsonObject hidden = TestEvents.noteCreated(tenant.organizationId(), "acti_hidden", "u")
                .add("internal_metadata", Json.createObjectBuilder()
                        .add("processing_options", Json.createObjectBuilder().add("customer_visible", false))).build();
        JsonObject notForLog = TestEvents.noteCreated(tenant.organizationId(), "acti_nolog", "u")
                .add("internal_metadata", Json.createObjectBuilder().add("processing_options", Json.createObjectBuilder()
                        .add("ignored_consumers", Json.createArrayBuilder().add("event_log")))).build();
        JsonObject visible = TestEvents.noteCreated(tenant.organizationId(), "acti_visible", "u")
                .add("internal_metadata", Json.createObjectBuilder().add("trace", "t-1")).build();
        List<String> ids = expect(api.post("/api/v1/internal/event/", ingestKey,
                TestEvents.batch(List.of(hidden, notForLog, visible))), 202)
                .json().getJsonArray("ids").getValuesAs(JsonString::getString);

        JsonObject shown = await().atMost(30, SECONDS).until(
                () -> api.get("/api/v1/event/" + ids.get(2) + "/", tenant.adminKey()), r -> r.status() == 200).json();
        assertTrue(!shown.containsKey("internal_metadata"), "internal_metadata is never public");
        // One message carries all three, so once the visible one is stored the hidden ones are too.
        expect(api.get("/api/v1/event/" + ids.get(0) + "/", tenant.adminKey()), 404);
        expect(api.get("/api/v1/event/" + ids.get(1) + "/", tenant.adminKey()), 404);
        assertEquals(1, expect(api.get("/api/v1/event/", tenant.adminKey()), 200).data().size());
    }
}
