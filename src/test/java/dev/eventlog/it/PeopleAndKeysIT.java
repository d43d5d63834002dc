package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.TestApi.Reply;
import dev.eventlog.it.TestApi.Tenant;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * People and keys as an operator and an organization's admins manage them: ingest keys listed and
 * revoked by the system token, users re-roled and deactivated with immediate effect, keys listed
 * without secrets, organizations isolated, and what a user's webhook subscription may carry.
 */
@ExtendWith(ArquillianExtension.class)
class PeopleAndKeysIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private final TestApi api = TestApi.inServer();

    @AfterEach
    void resetClock() {
        TestClockProducer.CLOCK.reset();
    }

    /** A user of the tenant's organization with their first key. */
    private record Member(String id, String email, String key) {
    }

    private Member newMember(Tenant tenant, String role) {
        return newMember(tenant, role, UUID.randomUUID() + "@example.test");
    }

    private Member newMember(Tenant tenant, String role, String email) {
        JsonObject created = expect(api.post("/api/v1/user/", tenant.adminKey(), Json.createObjectBuilder()
                .add("email", email).add("role", role).build().toString()), 201).json();
        return new Member(created.getJsonObject("user").getString("id"), email, created.getJsonObject("api_key").getString("key"));
    }

    private Reply changeUser(Tenant tenant, String userId, String body) {
        return api.put("/api/v1/user/" + userId + "/", tenant.adminKey(), body);
    }

    private static Map<String, JsonObject> byId(JsonArray data) {
        return data.getValuesAs(JsonObject.class).stream().collect(Collectors.toMap(o -> o.getString("id"), Function.identity()));
    }

    private String postEvent(String ingestKey, JsonObject event) {
        return expect(api.post("/api/v1/internal/event/", ingestKey, event.toString()), 202)
                .json().getJsonArray("ids").getString(0);
    }

    @Test
    void theOperatorListsAndRevokesIngestKeys() {
        Tenant tenant = api.newTenant();
        JsonObject issued = expect(api.post("/api/v1/system/ingest_key/", TestApi.SYSTEM_TOKEN,
                "{\"description\": \"billing producer\"}"), 201).json();
        String secret = issued.getString("key");
        String keyId = issued.getString("id");
        postEvent(secret, TestEvents.noteCreated(tenant.organizationId(), "acti_before", "u").build());

        JsonObject listed = byId(expect(api.get("/api/v1/system/ingest_key/", TestApi.SYSTEM_TOKEN), 200).data()).get(keyId);
        assertEquals("billing producer", listed.getString("description"));
        assertFalse(listed.containsKey("key"), "a listing never carries the secret: " + listed);
        assertTrue(secret.startsWith(listed.getString("prefix")) && listed.getString("prefix").length() == "ingest_".length() + 6,
                listed.toString());
        assertFalse(TestApi.isNull(listed, "date_last_used"), "the post above was recorded: " + listed);
        assertTrue(TestApi.isNull(listed, "date_revoked"));

        // Only the operator: an admin's API key is no system token.
        expect(api.get("/api/v1/system/ingest_key/", tenant.adminKey()), 401);
        expect(api.send("DELETE", "/api/v1/system/ingest_key/" + keyId + "/", tenant.adminKey(), null), 401);

        expect(api.send("DELETE", "/api/v1/system/ingest_key/" + keyId + "/", TestApi.SYSTEM_TOKEN, null), 204);
        Reply refused = api.post("/api/v1/internal/event/", secret,
                TestEvents.noteCreated(tenant.organizationId(), "acti_after", "u").build().toString());
        expect(refused, 401);
        assertEquals("Invalid ingest key.", refused.json().getString("error"));
        JsonObject revoked = byId(expect(api.get("/api/v1/system/ingest_key/", TestApi.SYSTEM_TOKEN), 200).data()).get(keyId);
        assertFalse(TestApi.isNull(revoked, "date_revoked"), "kept, marked revoked: " + revoked);
        expect(api.send("DELETE", "/api/v1/system/ingest_key/" + keyId + "/", TestApi.SYSTEM_TOKEN, null), 204);

        // An API key's id is unknown to the ingest-key endpoint, and so is an id that does not exist.
        String apiKeyId = expect(api.get("/api/v1/api_key/", tenant.adminKey()), 200).data().getJsonObject(0).getString("id");
        expect(api.send("DELETE", "/api/v1/system/ingest_key/" + apiKeyId + "/", TestApi.SYSTEM_TOKEN, null), 404);
        expect(api.send("DELETE", "/api/v1/system/ingest_key/key_nosuchkey/", TestApi.SYSTEM_TOKEN, null), 404);
        expect(api.get("/api/v1/me/", tenant.adminKey()), 200);
        assertFalse(expect(api.get("/api/v1/system/ingest_key/", TestApi.SYSTEM_TOKEN), 200).text().contains(apiKeyId));
    }

    @Test
    void adminsListUsersAndTheirKeysWithoutSecrets() {
        Tenant tenant = api.newTenant();
        Member member = newMember(tenant, "user");
        String second = expect(api.post("/api/v1/api_key/", member.key(), "{\"description\": \"laptop\"}"), 201)
                .json().getString("key");

        JsonObject users = expect(api.get("/api/v1/user/", tenant.adminKey()), 200).json();
        JsonObject listedMember = byId(users.getJsonArray("data")).get(member.id());
        assertEquals("user", listedMember.getString("role"));
        assertTrue(listedMember.getBoolean("active"));
        assertEquals(listedMember, expect(api.get("/api/v1/user/" + member.id() + "/", tenant.adminKey()), 200).json());

        JsonArray keys = expect(api.get("/api/v1/user/" + member.id() + "/api_key/", tenant.adminKey()), 200).data();
        assertEquals(2, keys.size(), keys.toString());
        for (JsonObject key : keys.getValuesAs(JsonObject.class)) {
            assertFalse(key.containsKey("key"), "never the secret: " + key);
            assertEquals(member.id(), key.getString("user_id"));
        }
        assertFalse(keys.toString().contains(member.key()) || keys.toString().contains(second));
        assertTrue(keys.getValuesAs(JsonObject.class).stream().anyMatch(k -> second.startsWith(k.getString("prefix"))));
        assertTrue(keys.getValuesAs(JsonObject.class).stream().anyMatch(k -> "laptop".equals(k.getString("description", null))));

        // The admin revokes any key of the organization; that key is refused, the user's other one is not.
        String laptopKeyId = keys.getValuesAs(JsonObject.class).stream()
                .filter(k -> second.startsWith(k.getString("prefix"))).findFirst().orElseThrow().getString("id");
        expect(api.send("DELETE", "/api/v1/api_key/" + laptopKeyId + "/", tenant.adminKey(), null), 204);
        expect(api.get("/api/v1/me/", second), 401);
        expect(api.get("/api/v1/me/", member.key()), 200);
    }

    @Test
    void aUserSeesOnlyTheirOwnKeysAndNoOtherOrganizationsUsers() {
        Tenant tenant = api.newTenant();
        Tenant other = api.newTenant();
        Member alice = newMember(tenant, "user");
        Member bob = newMember(tenant, "user");
        String bobKeyId = expect(api.get("/api/v1/api_key/", bob.key()), 200).data().getJsonObject(0).getString("id");

        JsonArray aliceKeys = expect(api.get("/api/v1/api_key/", alice.key()), 200).data();
        assertEquals(1, aliceKeys.size());
        assertEquals(alice.id(), aliceKeys.getJsonObject(0).getString("user_id"));
        expect(api.get("/api/v1/user/" + bob.id() + "/api_key/", alice.key()), 403);
        expect(api.get("/api/v1/user/", alice.key()), 403);
        expect(api.put("/api/v1/user/" + alice.id() + "/", alice.key(), "{\"role\": \"admin\"}"), 403);
        expect(api.send("DELETE", "/api/v1/api_key/" + bobKeyId + "/", alice.key(), null), 404);
        expect(api.get("/api/v1/me/", bob.key()), 200);

        // Another organization's admin: every id of this one is unknown.
        expect(api.get("/api/v1/user/" + alice.id() + "/", other.adminKey()), 404);
        expect(api.get("/api/v1/user/" + alice.id() + "/api_key/", other.adminKey()), 404);
        expect(api.put("/api/v1/user/" + alice.id() + "/", other.adminKey(), "{\"active\": false}"), 404);
        expect(api.send("DELETE", "/api/v1/api_key/" + bobKeyId + "/", other.adminKey(), null), 404);
        assertFalse(expect(api.get("/api/v1/user/", other.adminKey()), 200).text().contains(alice.id()));
        expect(api.get("/api/v1/me/", alice.key()), 200);

        String ownKeyId = aliceKeys.getJsonObject(0).getString("id");
        expect(api.send("DELETE", "/api/v1/api_key/" + ownKeyId + "/", alice.key(), null), 204);
        expect(api.get("/api/v1/me/", alice.key()), 401);
    }

    @Test
    void aDeactivatedUsersKeysAreRefusedOnTheirVeryNextRequest() {
        Tenant tenant = api.newTenant();
        Member member = newMember(tenant, "user");
        String second = expect(api.post("/api/v1/api_key/", member.key(), "{}"), 201).json().getString("key");
        expect(api.get("/api/v1/event/", member.key()), 200);

        JsonObject changed = expect(changeUser(tenant, member.id(), "{\"active\": false}"), 200).json();
        assertFalse(changed.getBoolean("active"));
        assertFalse(TestApi.isNull(changed, "date_deactivated"));

        expect(api.get("/api/v1/event/", member.key()), 401);
        expect(api.get("/api/v1/me/", second), 401);
        JsonArray keys = expect(api.get("/api/v1/user/" + member.id() + "/api_key/", tenant.adminKey()), 200).data();
        assertTrue(keys.getValuesAs(JsonObject.class).stream().noneMatch(k -> TestApi.isNull(k, "date_revoked")), keys.toString());
        // Deactivation is for good: the row stays for the record, nothing about it changes again.
        expect(changeUser(tenant, member.id(), "{\"active\": true}"), 409);
        expect(changeUser(tenant, member.id(), "{\"role\": \"admin\"}"), 409);
        expect(api.get("/api/v1/me/", member.key()), 401);

        // The person can be added again: a new user with new keys; the old one stays deactivated.
        expect(api.post("/api/v1/user/", tenant.adminKey(), "{\"email\": \"" + member.email() + "\"}"), 201);
        expect(api.post("/api/v1/user/", tenant.adminKey(), "{\"email\": \"" + member.email() + "\"}"), 409);
        assertFalse(expect(api.get("/api/v1/user/" + member.id() + "/", tenant.adminKey()), 200).json().getBoolean("active"));
        expect(api.get("/api/v1/me/", member.key()), 401);
    }

    @Test
    void aRoleChangeTakesEffectAtOnce() {
        Tenant tenant = api.newTenant();
        Member member = newMember(tenant, "user");
        expect(api.get("/api/v1/user/", member.key()), 403);

        assertEquals("admin", expect(changeUser(tenant, member.id(), "{\"role\": \"admin\"}"), 200).json().getString("role"));
        expect(api.get("/api/v1/user/", member.key()), 200);

        expect(changeUser(tenant, member.id(), "{\"role\": \"user\"}"), 200);
        expect(api.get("/api/v1/user/", member.key()), 403);
    }

    @Test
    void theLastActiveAdminStays() {
        Tenant tenant = api.newTenant();
        Reply demoteSelf = changeUser(tenant, tenant.adminUserId(), "{\"role\": \"user\"}");
        expect(demoteSelf, 409);
        assertTrue(demoteSelf.json().getString("error").contains("last active admin"), demoteSelf.text());
        expect(changeUser(tenant, tenant.adminUserId(), "{\"active\": false}"), 409);
        expect(api.get("/api/v1/user/", tenant.adminKey()), 200);

        // A deactivated admin does not count: with the second admin gone, the first is the last again.
        Member second = newMember(tenant, "admin");
        expect(changeUser(tenant, second.id(), "{\"active\": false}"), 200);
        expect(changeUser(tenant, tenant.adminUserId(), "{\"role\": \"user\"}"), 409);

        Member third = newMember(tenant, "admin");
        expect(changeUser(tenant, tenant.adminUserId(), "{\"role\": \"user\"}"), 200);
        expect(api.get("/api/v1/user/", tenant.adminKey()), 403);
        expect(api.get("/api/v1/user/", third.key()), 200);
    }

    @Test
    void badRequestsAreNamedInTheApiErrorFormat() {
        Tenant tenant = api.newTenant();
        Member member = newMember(tenant, "user");
        assertEquals(Map.of("role", "Must be 'admin' or 'user'."),
                fieldErrors(expect(changeUser(tenant, member.id(), "{\"role\": \"owner\"}"), 400)));
        assertTrue(fieldErrors(expect(changeUser(tenant, member.id(), "{\"role\": 1}"), 400)).containsKey("role"));
        assertTrue(fieldErrors(expect(changeUser(tenant, member.id(), "{\"active\": \"no\"}"), 400)).containsKey("active"));
        assertTrue(fieldErrors(expect(changeUser(tenant, member.id(), "{\"active\": false, \"email\": \"x@y.test\"}"), 400))
                .containsKey("email"));
        expect(changeUser(tenant, member.id(), "{}"), 400);
        expect(changeUser(tenant, member.id(), "[]"), 400);
        assertTrue(expect(changeUser(tenant, member.id(), "{bad"), 400).json().getString("error").contains("not valid JSON"));
        expect(changeUser(tenant, "user_nosuchuser", "{\"role\": \"admin\"}"), 404);
        expect(api.put("/api/v1/user/" + member.id() + "/", null, "{\"role\": \"admin\"}"), 401);
        // Nothing of a refused request was applied.
        assertTrue(expect(api.get("/api/v1/user/" + member.id() + "/", tenant.adminKey()), 200).json().getBoolean("active"));
        expect(api.get("/api/v1/me/", member.key()), 200);
    }

    private static Map<String, String> fieldErrors(Reply reply) {
        return reply.json().getJsonObject("field-errors").entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> ((jakarta.json.JsonString) e.getValue()).getString()));
    }

    private String subscribe(String key, String url) {
        return expect(api.post("/api/v1/webhook/", key, Json.createObjectBuilder().add("url", url)
                .add("events", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("object_type", "activity.note").add("action", "created")))
                .build().toString()), 201).json().getString("id");
    }

    private static JsonObject hookEvent(Receiver.Received hook) {
        return Json.createReader(new StringReader(hook.text())).readObject().getJsonObject("event");
    }

    private static Map<String, JsonObject> eventsById(List<Receiver.Received> hooks) {
        return hooks.stream().map(PeopleAndKeysIT::hookEvent)
                .collect(Collectors.toMap(e -> e.getString("id"), Function.identity(), (a, b) -> a));
    }

    /** An event the Event Log API would already hide from users: updated two hours ago. */
    private static JsonObject backfilled(Tenant tenant, String objectId) {
        String twoHoursAgo = Instant.now().minus(Duration.ofHours(2)).toString();
        return TestEvents.noteCreated(tenant.organizationId(), objectId, "u")
                .add("date_created", twoHoursAgo).add("date_updated", twoHoursAgo).build();
    }

    @Test
    void aUsersSubscriptionCarriesWhatTheUserCouldRead() {
        Tenant tenant = api.newTenant();
        Member member = newMember(tenant, "user");
        String ingestKey = api.newIngestKey();
        try (Receiver asUser = Receiver.ok(); Receiver asAdmin = Receiver.ok()) {
            subscribe(member.key(), asUser.url());
            subscribe(tenant.adminKey(), asAdmin.url());
            String fresh = postEvent(ingestKey, TestEvents.noteCreated(tenant.organizationId(), "acti_fresh", "u").build());
            String old = postEvent(ingestKey, backfilled(tenant, "acti_old"));

            Map<String, JsonObject> toUser = eventsById(await().atMost(30, SECONDS).until(asUser::received, r -> r.size() >= 2));
            Map<String, JsonObject> toAdmin = eventsById(await().atMost(30, SECONDS).until(asAdmin::received, r -> r.size() >= 2));
            assertEquals("hello", toUser.get(fresh).getJsonObject("data").getString("note"));
            assertEquals("hello", toAdmin.get(old).getJsonObject("data").getString("note"));
            JsonObject hidden = toUser.get(old);
            assertEquals(JsonValue.NULL, hidden.get("data"), hidden.toString());
            assertEquals(JsonValue.NULL, hidden.get("previous_data"), hidden.toString());
            assertEquals("acti_old", hidden.getString("object_id"), "the rest of the event goes out as the API shows it");
            assertEquals(toAdmin.get(old).keySet(), hidden.keySet());
            // Exactly what the user reads in the Event Log API.
            JsonObject read = expect(api.get("/api/v1/event/" + old + "/", member.key()), 200).json();
            assertEquals(JsonValue.NULL, read.get("data"));
        }
    }

    @Test
    void aDeactivatedUsersSubscriptionsArePaused() {
        Tenant tenant = api.newTenant();
        Member member = newMember(tenant, "user");
        String ingestKey = api.newIngestKey();
        try (Receiver asUser = Receiver.ok(); Receiver asAdmin = Receiver.ok()) {
            String usersSubscription = subscribe(member.key(), asUser.url());
            subscribe(tenant.adminKey(), asAdmin.url());
            expect(changeUser(tenant, member.id(), "{\"active\": false}"), 200);

            JsonObject paused = expect(api.get("/api/v1/webhook/" + usersSubscription + "/", tenant.adminKey()), 200).json();
            assertEquals("paused", paused.getString("status"));
            assertEquals("creator_deactivated", paused.getString("pause_reason"));
            Reply resume = api.put("/api/v1/webhook/" + usersSubscription + "/", tenant.adminKey(), "{\"status\": \"active\"}");
            expect(resume, 409);
            assertTrue(resume.json().getString("error").contains("deactivated"), resume.text());

            String eventId = postEvent(ingestKey, TestEvents.noteCreated(tenant.organizationId(), "acti_gone", "u").build());
            // The admin's subscription got it, so dispatch has run: the user's got nothing.
            await().atMost(30, SECONDS).until(() -> eventsById(asAdmin.received()).containsKey(eventId));
            await().during(2, SECONDS).atMost(5, SECONDS).until(() -> asUser.received().isEmpty());
        }
    }
}
