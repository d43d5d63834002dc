package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.eventlog.it.Receiver.Received;
import dev.eventlog.it.TestApi.Tenant;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signature schemes and key rotation through the API, with deliveries checked as receivers would
 * check them: the Standard Webhooks reference library with the subscription's webhook_secret, and
 * Close's recipe with its signature_key. During a rotation's grace a receiver holding only the old
 * key and one holding only the new one both verify; after it, only the new one does.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebhookSignaturesIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private final TestApi api = TestApi.fromClient();

    /** The two keys a receiver may hold, in the encodings each scheme uses. */
    private record Key(String hex, String secret) {
        static Key of(JsonObject subscription) {
            return new Key(subscription.getString("signature_key"), subscription.getString("webhook_secret"));
        }

        boolean verifiesStandard(Received hook) {
            Map<String, List<String>> headers = new HashMap<>();
            for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
                headers.put(name, List.of(hook.header(name)));
            }
            try {
                new Webhook(secret).verify(hook.text(), headers);
                return true;
            } catch (WebhookVerificationException e) {
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** README's recipe: hex HMAC-SHA256, keyed with the hex-decoded key, over timestamp + body. */
        String closeSignature(Received hook) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(hex), "HmacSHA256"));
            mac.update(hook.header("close-sig-timestamp").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(hook.body()));
        }

        /** What README tells a receiver in the middle of a rotation to accept. */
        boolean verifiesClose(Received hook) throws Exception {
            String mine = closeSignature(hook);
            return mine.equals(hook.header("close-sig-hash")) || mine.equals(hook.header("close-sig-hash-new"));
        }
    }

    private Received deliver(Tenant tenant, String ingestKey, Receiver receiver, String noteId) {
        int before = receiver.received().size();
        expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.noteCreated(tenant.organizationId(), noteId, "u")
                .build().toString()), 202);
        await().atMost(30, SECONDS).until(() -> receiver.received().size() > before);
        return receiver.received().get(before);
    }

    private JsonArray attempts(Tenant tenant, String subscription, int count) {
        return await().atMost(15, SECONDS).until(() -> expect(api.get("/api/v1/webhook/" + subscription + "/attempts/",
                tenant.adminKey()), 200).data(), a -> a.size() >= count);
    }

    private JsonObject rotate(Tenant tenant, String subscription, String body) {
        return expect(api.post("/api/v1/webhook/" + subscription + "/rotate_secret/", tenant.adminKey(), body), 200).json();
    }

    @Test
    void bothSchemesVerifyAndARotationKeepsEitherKeyWorkingThroughItsGrace() throws Exception {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        try (Receiver receiver = Receiver.ok()) {
            JsonObject created = api.subscribeNotes(tenant, receiver.url(), "both");
            String id = created.getString("id");
            assertEquals("both", created.getString("signature_scheme"));
            assertEquals(1, created.getInt("key_generation"));
            assertTrue(created.getString("webhook_secret").startsWith("whsec_"));
            assertTrue(TestApi.isNull(created, "previous_key_expires_at"));
            Key first = Key.of(created);

            Received one = deliver(tenant, ingestKey, receiver, "acti_sig1");
            assertTrue(first.verifiesStandard(one), "the reference library verifies it");
            assertEquals(first.closeSignature(one), one.header("close-sig-hash"));
            JsonObject attempt = attempts(tenant, id, 1).getJsonObject(0);
            assertEquals(attempt.getString("delivery_id"), one.header("webhook-id"), "webhook-id is the delivery's: the same on retries");
            assertEquals("both", attempt.getString("signature_scheme"));
            assertEquals(Json.createArrayBuilder().add(1).build(), attempt.getJsonArray("key_generations"));

            JsonObject rotated = rotate(tenant, id, "{\"grace_seconds\": 3600}");
            Key second = Key.of(rotated);
            assertNotEquals(first.hex(), second.hex());
            assertEquals(2, rotated.getInt("key_generation"));
            LocalDateTime expires = LocalDateTime.parse(rotated.getString("previous_key_expires_at"));
            assertTrue(Duration.between(LocalDateTime.parse(rotated.getString("date_updated")), expires).toMinutes() == 60, rotated.toString());
            assertEquals(second.hex(), expect(api.get("/api/v1/webhook/" + id + "/", tenant.adminKey()), 200).json()
                    .getString("signature_key"), "the subscription shows its new key");

            Received during = deliver(tenant, ingestKey, receiver, "acti_sig2");
            assertTrue(first.verifiesStandard(during), "a receiver holding only the old key");
            assertTrue(second.verifiesStandard(during), "a receiver holding only the new key");
            assertEquals(first.closeSignature(during), during.header("close-sig-hash"), "Close's header: the old key, as before");
            assertTrue(second.verifiesClose(during) && first.verifiesClose(during));
            assertEquals(Json.createArrayBuilder().add(2).add(1).build(),
                    attempts(tenant, id, 2).getJsonObject(0).getJsonArray("key_generations"));

            JsonObject now = rotate(tenant, id, "{\"grace_seconds\": 0}");
            Key third = Key.of(now);
            assertTrue(TestApi.isNull(now, "previous_key_expires_at"));
            Received after = deliver(tenant, ingestKey, receiver, "acti_sig3");
            assertTrue(third.verifiesStandard(after));
            assertTrue(!second.verifiesStandard(after) && !second.verifiesClose(after), "a replaced key signs nothing any more");
            assertEquals(third.closeSignature(after), after.header("close-sig-hash"));
            assertEquals(null, after.header("close-sig-hash-new"));
            assertEquals(Json.createArrayBuilder().add(3).build(),
                    attempts(tenant, id, 3).getJsonObject(0).getJsonArray("key_generations"));
        }
    }

    @Test
    void schemesAndRotationsAreCheckedAndOnlyTheSubscriptionsOwnersMayRotate() {
        Tenant tenant = api.newTenant();
        Tenant other = api.newTenant();
        String id = api.subscribe(tenant, "http://127.0.0.1:9/hooks", "activity.note", "created");
        JsonObject plain = expect(api.get("/api/v1/webhook/" + id + "/", tenant.adminKey()), 200).json();
        assertEquals("close", plain.getString("signature_scheme"), "Close's scheme unless asked otherwise");

        TestApi.Reply bad = api.put("/api/v1/webhook/" + id + "/", tenant.adminKey(), "{\"signature_scheme\": \"svix\"}");
        assertEquals(400, bad.status());
        assertTrue(bad.json().getJsonObject("field-errors").containsKey("signature_scheme"), bad.text());
        assertEquals("standard", expect(api.put("/api/v1/webhook/" + id + "/", tenant.adminKey(),
                "{\"signature_scheme\": \"standard\"}"), 200).json().getString("signature_scheme"));

        for (String body : List.of("{\"grace_seconds\": -1}", "{\"grace_seconds\": 2592001}", "{\"grace_seconds\": 1.5}",
                "{\"grace_seconds\": \"1\"}", "{\"grace\": 1}", "[]")) {
            assertEquals(400, api.post("/api/v1/webhook/" + id + "/rotate_secret/", tenant.adminKey(), body).status(), body);
        }
        assertEquals(404, api.post("/api/v1/webhook/" + id + "/rotate_secret/", other.adminKey(), null).status());
        assertEquals(403, api.post("/api/v1/webhook/" + id + "/rotate_secret/", api.newUserKey(tenant), null).status());
        JsonObject defaultGrace = rotate(tenant, id, null);
        assertEquals(24, Duration.between(LocalDateTime.parse(defaultGrace.getString("date_updated")),
                LocalDateTime.parse(defaultGrace.getString("previous_key_expires_at"))).toHours(), "a day by default");
        assertThrows(AssertionError.class, () -> rotate(other, id, null));
    }

    @Test
    void aTestEventIsSignedLikeADeliveryAndAnsweredWithItsOutcome() throws Exception {
        Tenant tenant = api.newTenant();
        Tenant other = api.newTenant();
        AtomicInteger status = new AtomicInteger(200);
        try (Receiver receiver = Receiver.answering(n -> Receiver.Answer.status(status.get()))) {
            JsonObject created = api.subscribeNotes(tenant, receiver.url(), "both");
            String id = created.getString("id");
            Key key = Key.of(created);
            String path = "/api/v1/webhook/" + id + "/test/";

            JsonObject test = expect(api.post(path, tenant.adminKey(), null), 200).json();
            assertEquals("success", test.getString("outcome"), test.toString());
            assertEquals(200, test.getInt("status_code"));
            assertEquals("both", test.getString("signature_scheme"));
            assertEquals(Json.createArrayBuilder().add(1).build(), test.getJsonArray("key_generations"));
            Received hook = receiver.received().get(0);
            assertTrue(key.verifiesStandard(hook), "the reference library verifies it");
            assertEquals(key.closeSignature(hook), hook.header("close-sig-hash"));
            assertEquals(test.getString("delivery_id"), hook.header("webhook-id"));
            JsonObject event = Json.createReader(new java.io.StringReader(hook.text())).readObject().getJsonObject("event");
            assertEquals("webhook", event.getString("object_type"));
            assertEquals("test", event.getString("action"));
            assertEquals(test.getString("event_id"), event.getString("id"));
            assertEquals(id, event.getString("object_id"));
            assertEquals(test.getString("id"), attempts(tenant, id, 1).getJsonObject(0).getString("id"), "in the attempts log");
            assertEquals(404, api.get("/api/v1/event/" + test.getString("event_id") + "/", tenant.adminKey()).status(),
                    "a test event is not in the log");

            // Paused, a test still goes out: an integrator checks the endpoint before resuming. A
            // failing one does not count towards the subscription's health.
            status.set(500);
            expect(api.put("/api/v1/webhook/" + id + "/", tenant.adminKey(), "{\"status\": \"paused\"}"), 200);
            JsonObject failed = expect(api.post(path, tenant.adminKey(), null), 200).json();
            assertEquals("failure", failed.getString("outcome"));
            assertEquals(500, failed.getInt("status_code"));
            assertEquals(2, receiver.received().size());
            JsonObject after = expect(api.get("/api/v1/webhook/" + id + "/", tenant.adminKey()), 200).json();
            assertTrue(TestApi.isNull(after, "latest_error"), after.toString());

            assertEquals(404, api.post(path, other.adminKey(), null).status());
            assertEquals(403, api.post(path, api.newUserKey(tenant), null).status());
            assertEquals(2, receiver.received().size());
        }
    }
}
