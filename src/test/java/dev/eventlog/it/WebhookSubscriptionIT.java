package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.TestApi.Tenant;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The subscription API: shape, partial updates, roles, isolation, limits and refused targets. */
@ExtendWith(ArquillianExtension.class)
class WebhookSubscriptionIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private final TestApi api = TestApi.inServer();

    static String subscription(String url) {
        return Json.createObjectBuilder().add("url", url)
                .add("events", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("object_type", "lead").add("action", "created")))
                .build().toString();
    }

    @Test
    void createReadUpdateDelete() {
        Tenant tenant = api.newTenant();
        JsonObject created = expect(api.post("/api/v1/webhook/", tenant.adminKey(), subscription("http://127.0.0.1:9/a")), 201).json();
        // Close's fields, and those of the signature schemes and rotation (README, webhooks).
        assertEquals(Set.of("id", "url", "events", "verify_ssl", "status", "signature_key", "created_by", "updated_by",
                "date_created", "date_updated", "pause_reason", "health_status", "latest_error", "signature_scheme",
                "webhook_secret", "key_generation", "previous_key_expires_at"), created.keySet());
        String id = created.getString("id");
        assertTrue(id.matches("whsub_[0-9A-Za-z]{22}"), id);
        assertTrue(created.getString("signature_key").matches("[0-9a-f]{64}"));
        assertEquals("active", created.getString("status"));
        assertEquals(true, created.getBoolean("verify_ssl"));
        assertEquals(tenant.adminUserId(), created.getString("created_by"));

        JsonObject paused = expect(api.put("/api/v1/webhook/" + id + "/", tenant.adminKey(),
                "{\"status\": \"paused\", \"verify_ssl\": false}"), 200).json();
        assertEquals("paused", paused.getString("status"));
        assertEquals("api", paused.getString("pause_reason"));
        assertEquals(false, paused.getBoolean("verify_ssl"));
        assertEquals("http://127.0.0.1:9/a", paused.getString("url"), "fields not given keep their value");

        JsonObject resumed = expect(api.put("/api/v1/webhook/" + id + "/", tenant.adminKey(), "{\"status\": \"active\"}"), 200).json();
        assertEquals("active", resumed.getString("status"));
        assertTrue(TestApi.isNull(resumed, "pause_reason"));

        assertEquals(1, expect(api.get("/api/v1/webhook/", tenant.adminKey()), 200).data().size());
        expect(api.send("DELETE", "/api/v1/webhook/" + id + "/", tenant.adminKey(), null), 204);
        expect(api.get("/api/v1/webhook/" + id + "/", tenant.adminKey()), 404);
    }

    @Test
    void usersManageTheirOwnAdminsEverythingOthersNothing() {
        Tenant tenant = api.newTenant();
        Tenant other = api.newTenant();
        String userKey = api.newUserKey(tenant);
        String adminsOwn = expect(api.post("/api/v1/webhook/", tenant.adminKey(), subscription("http://127.0.0.1:9/x")), 201)
                .json().getString("id");
        String usersOwn = expect(api.post("/api/v1/webhook/", userKey, subscription("http://127.0.0.1:9/y")), 201)
                .json().getString("id");

        expect(api.get("/api/v1/webhook/" + adminsOwn + "/", userKey), 403);
        expect(api.put("/api/v1/webhook/" + adminsOwn + "/", userKey, "{\"status\": \"paused\"}"), 403);
        expect(api.send("DELETE", "/api/v1/webhook/" + adminsOwn + "/", userKey, null), 403);
        assertEquals(List.of(usersOwn), expect(api.get("/api/v1/webhook/", userKey), 200).data()
                .getValuesAs(JsonObject.class).stream().map(s -> s.getString("id")).toList());
        expect(api.put("/api/v1/webhook/" + usersOwn + "/", tenant.adminKey(), "{\"status\": \"paused\"}"), 200);
        assertEquals(2, expect(api.get("/api/v1/webhook/", tenant.adminKey()), 200).data().size());

        expect(api.get("/api/v1/webhook/" + adminsOwn + "/", other.adminKey()), 404);
        expect(api.get("/api/v1/webhook/" + adminsOwn + "/attempts/", other.adminKey()), 404);
        expect(api.send("DELETE", "/api/v1/webhook/" + adminsOwn + "/", other.adminKey(), null), 404);
        assertEquals(0, expect(api.get("/api/v1/webhook/", other.adminKey()), 200).data().size());
    }

    /**
     * The test server counts "localhost" as an automation platform and allows 45 in all
     * (arquillian.xml); production: zapier.com and the like, 500.
     */
    @Test
    void fortySubscriptionsAndMoreOnlyForAutomationPlatforms() {
        Tenant tenant = api.newTenant();
        for (int i = 0; i < 40; i++) {
            expect(api.post("/api/v1/webhook/", tenant.adminKey(), subscription("http://127.0.0.1:9/" + i)), 201);
        }
        JsonObject refused = expect(api.post("/api/v1/webhook/", tenant.adminKey(), subscription("http://127.0.0.1:9/41")), 400).json();
        assertTrue(refused.getString("error").contains("at most 40"), refused.toString());
        for (int i = 0; i < 5; i++) {
            expect(api.post("/api/v1/webhook/", tenant.adminKey(), subscription("http://localhost:9/zap" + i)), 201);
        }
        JsonObject full = expect(api.post("/api/v1/webhook/", tenant.adminKey(), subscription("http://localhost:9/zap")), 400).json();
        assertTrue(full.getString("error").contains("at most 45"), full.toString());
    }

    @Test
    void badSubscriptionsAreRefusedWithFieldErrors() {
        Tenant tenant = api.newTenant();
        String key = tenant.adminKey();
        for (String target : List.of("http://10.0.0.5/hook", "http://169.254.169.254/latest/meta-data/",
                "http://192.168.1.10/", "http://172.16.0.1/", "http://[fd00::1]/", "http://0.0.0.0/", "ftp://127.0.0.1/",
                "not a url", "http://user:pw@127.0.0.1/")) {
            JsonObject error = expect(api.post("/api/v1/webhook/", key, subscription(target)), 400).json();
            assertTrue(error.getJsonObject("field-errors").containsKey("url"), target + " -> " + error);
        }
        JsonObject badFilter = expect(api.post("/api/v1/webhook/", key, Json.createObjectBuilder()
                .add("url", "http://127.0.0.1:9/f")
                .add("events", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("object_type", "lead").add("action", "updated")
                        .add("extra_filter", Json.createObjectBuilder().add("type", "and").add("filters",
                                Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "equals"))))))
                .build().toString()), 400).json();
        assertTrue(badFilter.getJsonObject("field-errors").keySet().stream()
                .anyMatch(k -> k.startsWith("events[0].extra_filter")), badFilter.toString());
        expect(api.post("/api/v1/webhook/", key, "{\"url\": \"http://127.0.0.1:9/\"}"), 400);
        expect(api.post("/api/v1/webhook/", key, "{\"url\": \"http://127.0.0.1:9/\", \"events\": []}"), 400);
        expect(api.post("/api/v1/webhook/", key, "[1]"), 400);
        String id = expect(api.post("/api/v1/webhook/", key, subscription("http://127.0.0.1:9/ok")), 201).json().getString("id");
        expect(api.put("/api/v1/webhook/" + id + "/", key, "{\"status\": \"sleeping\"}"), 400);
        expect(api.put("/api/v1/webhook/" + id + "/", key, "{\"url\": \"http://10.1.1.1/\"}"), 400);
    }

    /** {"type": "or", "filters": [n × {"type": "equals", "value": "won"}]}: 1 + 2n terms, under 1 KB of JSON at 50. */
    private static JsonObject orOfEquals(int n) {
        JsonArrayBuilder filters = Json.createArrayBuilder();
        for (int i = 0; i < n; i++) {
            filters.add(Json.createObjectBuilder().add("type", "equals").add("value", "won"));
        }
        return Json.createObjectBuilder().add("type", "or").add("filters", filters).build();
    }

    private static String withFilters(JsonObject... filters) {
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (JsonObject filter : filters) {
            events.add(Json.createObjectBuilder().add("object_type", "opportunity").add("action", "updated")
                    .add("extra_filter", filter));
        }
        return Json.createObjectBuilder().add("url", "http://127.0.0.1:9/wide").add("events", events).build().toString();
    }

    /** Breadth is capped, not only depth and text: 100 terms a filter, 500 a subscription (the defaults). */
    @Test
    void filtersTooBroadAreRefusedAtCreateAndUpdateNamingTheField() {
        Tenant tenant = api.newTenant();
        String key = tenant.adminKey();
        JsonObject wide = expect(api.post("/api/v1/webhook/", key, withFilters(orOfEquals(50))), 400).json();
        assertEquals("At most 100 terms (filters and the values in them); this one has 101.",
                wide.getJsonObject("field-errors").getString("events[0].extra_filter"), wide.toString());

        JsonObject[] six = new JsonObject[6];
        java.util.Arrays.fill(six, orOfEquals(49)); // 99 terms each, 594 in all
        JsonObject many = expect(api.post("/api/v1/webhook/", key, withFilters(six)), 400).json();
        assertEquals(Set.of("events"), many.getJsonObject("field-errors").keySet(), many.toString());

        String id = expect(api.post("/api/v1/webhook/", key, withFilters(orOfEquals(49))), 201).json().getString("id");
        JsonObject update = expect(api.put("/api/v1/webhook/" + id + "/", key,
                Json.createObjectBuilder().add("events", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("object_type", "lead").add("action", "created").add("extra_filter", orOfEquals(60))))
                        .build().toString()), 400).json();
        assertTrue(update.getJsonObject("field-errors").containsKey("events[0].extra_filter"), update.toString());
    }

    /** Whatever form the address takes, the field error says it is not allowed, never which address it is. */
    @Test
    void privateTargetsAreRefusedWithoutNamingTheAddress() {
        String key = api.newTenant().adminKey();
        for (String target : List.of("http://10.0.0.5/hook", "http://[64:ff9b::a00:5]/", "http://[64:ff9b:1::a00:5]/",
                "http://[2002:a00:5::1]/", "http://[::10.0.0.5]/", "http://[::ffff:0:a00:5]/", "http://[::ffff:a00:5]/")) {
            JsonObject error = expect(api.post("/api/v1/webhook/", key, subscription(target)), 400).json();
            assertEquals("Webhooks cannot target private, loopback or link-local addresses.",
                    error.getJsonObject("field-errors").getString("url"), target + " -> " + error);
        }
    }
}
