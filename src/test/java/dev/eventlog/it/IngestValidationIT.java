package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.event.Event;
import dev.eventlog.it.TestApi.Tenant;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input gets a clear 4xx, and a rejected batch leaves nothing behind. */
@ExtendWith(ArquillianExtension.class)
class IngestValidationIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @PersistenceContext
    EntityManager em;

    private final TestApi api = TestApi.inServer();

    private long storedFor(String organizationId) {
        return em.createQuery("select count(e) from Event e where e.organizationId = :org", Long.class)
                .setParameter("org", organizationId).getSingleResult();
    }

    @Test
    void aBatchWithOneBadEventIsRefusedWhole() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        List<JsonObject> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(TestEvents.noteCreated(tenant.organizationId(), "acti_v" + i, "u").build());
        }
        batch.add(TestEvents.event(tenant.organizationId(), "lead", "lead_v", "Not An Action")
                .add("date_created", "yesterday-ish").add("colour", "red").build());

        JsonObject error = expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(batch)), 400).json();
        JsonObject fields = error.getJsonObject("field-errors");
        assertEquals(3, fields.size(), fields.toString());
        assertTrue(fields.containsKey("[5].action") && fields.containsKey("[5].date_created") && fields.containsKey("[5].colour"));

        // A marker accepted afterwards is stored; the refused batch's events never are.
        String marker = expect(api.post("/api/v1/internal/event/", ingestKey,
                TestEvents.noteCreated(tenant.organizationId(), "acti_marker", "u").build().toString()), 202)
                .json().getJsonArray("ids").getString(0);
        await().atMost(30, SECONDS).until(() -> em.find(Event.class, marker) != null);
        assertEquals(1, storedFor(tenant.organizationId()));
    }

    @Test
    void shapesThatAreNotEventsAreRefused() {
        String ingestKey = api.newIngestKey();
        assertEquals(400, api.post("/api/v1/internal/event/", ingestKey, "{not json").status());
        assertEquals(400, api.post("/api/v1/internal/event/", ingestKey, "").status());
        assertEquals(400, api.post("/api/v1/internal/event/", ingestKey, "[]").status());
        assertEquals(400, api.post("/api/v1/internal/event/", ingestKey, "42").status());
        JsonObject both = expect(api.post("/api/v1/internal/event/", ingestKey,
                "{\"organization_id\":\"o\",\"object_type\":\"lead\",\"object_id\":\"l\",\"action\":\"updated\","
                        + "\"data\":{},\"after\":{}}"), 400).json();
        assertFalse(both.getJsonObject("field-errors").isEmpty());
    }

    @Test
    void oversizedInputIsRefusedWith413() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        JsonObject one = TestEvents.noteCreated(tenant.organizationId(), "acti_big", "u").build();
        JsonObject tooMany = expect(api.post("/api/v1/internal/event/", ingestKey,
                TestEvents.batch(Collections.nCopies(1001, one))), 413).json();
        assertTrue(tooMany.getString("error").contains("1000"));

        // The test server's body limit is 1 MiB (arquillian.xml); the default is 10 MiB.
        String hugeNote = "x".repeat(1536 * 1024);
        expect(api.post("/api/v1/internal/event/", ingestKey, "[{\"note\": \"" + hugeNote + "\"}]"), 413);
        assertEquals(0, storedFor(tenant.organizationId()));
    }

    @Test
    void eachReproducedDirtyInputIsA400NamingItsPlace() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        String org = tenant.organizationId();
        String good = TestEvents.noteCreated(org, "acti_ok", "u").build().toString();
        String anHourAgo = LocalDateTime.now(ZoneOffset.UTC).minusHours(1).toString();
        // Each was answered 202 once and then lost in the ingest MDB, or stored and unreadable.
        Map<String, String> cases = Map.of(
                "[1].data.name", "[" + good + "," + TestEvents.event(org, "lead", "l", "created")
                        .add("data", Json.createObjectBuilder().add("name", "a\u0000b")).build() + "]",
                "data.n", "{\"organization_id\": \"" + org + "\", \"object_type\": \"lead\", \"object_id\": \"l\","
                        + " \"action\": \"created\", \"data\": {\"n\": 1e2000}}",
                "date_updated", TestEvents.event(org, "lead", "l", "updated").add("date_created", anHourAgo)
                        .add("date_updated", "9999-12-31T00:00:00").build().toString(),
                "organization_id", TestEvents.noteCreated("orga_nobody_" + org.substring(9, 20), "acti_x", "u").build().toString());
        cases.forEach((field, body) -> {
            JsonObject error = expect(api.post("/api/v1/internal/event/", ingestKey, body), 400).json();
            assertTrue(error.getJsonObject("field-errors").containsKey(field), field + " -> " + error);
        });
        // Two NDJSON lines are not a batch: refused, not half taken.
        assertTrue(expect(api.post("/api/v1/internal/event/", ingestKey, good + "\n" + good), 400)
                .json().getString("error").contains("not valid JSON"));
        assertEquals(0, storedFor(org));
    }
}
