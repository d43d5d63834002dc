package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.TestApi.Tenant;
import jakarta.json.JsonObject;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Organization isolation, admin vs. user, and which credential opens which door. */
@ExtendWith(ArquillianExtension.class)
class TenancyAndRolesIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private final TestApi api = TestApi.inServer();

    @AfterEach
    void resetClock() {
        TestClockProducer.CLOCK.reset();
    }

    private String postAndAwait(Tenant tenant, String ingestKey, String objectId) {
        String id = expect(api.post("/api/v1/internal/event/", ingestKey,
                TestEvents.noteCreated(tenant.organizationId(), objectId, "user_x").build().toString()), 202)
                .json().getJsonArray("ids").getString(0);
        await().atMost(30, SECONDS).until(() -> api.get("/api/v1/event/" + id + "/", tenant.adminKey()).status() == 200);
        return id;
    }

    @Test
    void anOrganizationSeesNothingOfAnother() {
        Tenant a = api.newTenant();
        Tenant b = api.newTenant();
        String ingestKey = api.newIngestKey();
        String eventOfA = postAndAwait(a, ingestKey, "acti_a");
        postAndAwait(b, ingestKey, "acti_b");

        expect(api.get("/api/v1/event/" + eventOfA + "/", b.adminKey()), 404);
        JsonObject listOfB = expect(api.get("/api/v1/event/", b.adminKey()), 200).json();
        assertEquals(1, listOfB.getJsonArray("data").size());
        assertEquals("acti_b", listOfB.getJsonArray("data").getJsonObject(0).getString("object_id"));
        assertTrue(expect(api.get("/api/v1/event/?object_id=acti_a", b.adminKey()), 200).data().isEmpty());
        assertFalse(expect(api.get("/api/v1/user/", b.adminKey()), 200).text().contains(a.organizationId()));
    }

    @Test
    void usersSeeSnapshotsOnlyOfRecentEventsAndCannotAdminister() {
        Tenant tenant = api.newTenant();
        String userKey = api.newUserKey(tenant);
        String id = postAndAwait(tenant, api.newIngestKey(), "acti_recent");

        JsonObject fresh = expect(api.get("/api/v1/event/" + id + "/", userKey), 200).json();
        assertEquals("hello", fresh.getJsonObject("data").getString("note"));

        TestClockProducer.CLOCK.advance(Duration.ofMinutes(61));
        JsonObject old = expect(api.get("/api/v1/event/" + id + "/", userKey), 200).json();
        assertTrue(TestApi.isNull(old, "data") && TestApi.isNull(old, "previous_data"), old.toString());
        assertEquals("acti_recent", old.getString("object_id"), "the rest of the event stays visible");
        JsonObject asAdmin = expect(api.get("/api/v1/event/" + id + "/", tenant.adminKey()), 200).json();
        assertEquals("hello", asAdmin.getJsonObject("data").getString("note"));

        expect(api.post("/api/v1/user/", userKey, "{\"email\": \"x@example.test\"}"), 403);
        JsonObject badEmail = expect(api.post("/api/v1/user/", tenant.adminKey(), "{\"email\": \"x@no_such_domain\"}"), 400).json();
        assertTrue(badEmail.getJsonObject("field-errors").containsKey("email"));
        expect(api.get("/api/v1/user/", userKey), 403);
    }

    @Test
    void eachEndpointTakesOnlyItsOwnCredential() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        String event = TestEvents.noteCreated(tenant.organizationId(), "acti_c", "u").build().toString();

        JsonObject noKey = expect(api.get("/api/v1/event/", null), 401).json();
        assertTrue(noKey.getString("error").contains("HTTP Basic"));
        expect(api.get("/api/v1/event/", "api_wrong"), 401);
        expect(api.get("/api/v1/event/", ingestKey), 401);
        expect(api.post("/api/v1/internal/event/", tenant.adminKey(), event), 401);
        expect(api.post("/api/v1/system/ingest_key/", tenant.adminKey(), "{}"), 401);
        expect(api.post("/api/v1/system/ingest_key/", "wrong-token", "{}"), 401);
        assertTrue(api.get("/api/v1/event/", null).headers().firstValue("WWW-Authenticate").isPresent());
    }

    @Test
    void malformedAccountRequestsGetTheApiErrorFormat() {
        assertTrue(expect(api.post("/api/v1/system/organization/", TestApi.SYSTEM_TOKEN, "{bad"), 400)
                .json().getString("error").contains("not valid JSON"));
        assertTrue(expect(api.post("/api/v1/system/organization/", TestApi.SYSTEM_TOKEN, "{\"name\": 5}"), 400)
                .json().getJsonObject("field-errors").containsKey("name"));
        assertTrue(expect(api.post("/api/v1/system/organization/", TestApi.SYSTEM_TOKEN,
                "{\"name\": \"A\", \"admin\": {\"email\": \"a@b.test\", \"role\": \"owner\"}}"), 400)
                .json().getJsonObject("field-errors").containsKey("admin.role"));
        Tenant tenant = api.newTenant();
        expect(api.post("/api/v1/user/", tenant.adminKey(), "[]"), 400);
        expect(api.post("/api/v1/api_key/", tenant.adminKey(), ""), 201);
    }

    @Test
    void aRevokedKeyStopsWorking() {
        Tenant tenant = api.newTenant();
        JsonObject created = expect(api.post("/api/v1/api_key/", tenant.adminKey(), "{\"description\": \"rotation\"}"), 201).json();
        String secondKey = created.getString("key");
        expect(api.get("/api/v1/me/", secondKey), 200);
        expect(api.send("DELETE", "/api/v1/api_key/" + created.getString("id") + "/", tenant.adminKey(), null), 204);
        expect(api.get("/api/v1/me/", secondKey), 401);
        expect(api.get("/api/v1/me/", tenant.adminKey()), 200);
    }
}
