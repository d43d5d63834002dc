package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.Receiver.Answer;
import dev.eventlog.it.TestApi.Tenant;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.annotation.Resource;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Events reach real receivers on loopback: signed, filtered, retried, dropped, isolated. */
@ExtendWith(ArquillianExtension.class)
class WebhookDeliveryIT {

    /**
     * The keys of Close's own webhook event (src/test/resources/samples/webhook-opportunity-updated.json; the
     * unit test EventJsonTest compares whole payloads with that file).
     */
    private static final Set<String> CLOSE_EVENT_KEYS = Set.of("date_created", "meta", "id", "action", "date_updated",
            "changed_fields", "previous_data", "organization_id", "data", "request_id", "object_id", "user_id",
            "object_type", "lead_id");

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private final TestApi api = TestApi.inServer();

    @Resource
    UserTransaction transaction;

    @PersistenceContext
    EntityManager em;

    @AfterEach
    void backToNow() {
        TestClockProducer.CLOCK.reset();
    }

    private String subscribe(Tenant tenant, String url, JsonObjectBuilder... specs) {
        var events = Json.createArrayBuilder();
        for (JsonObjectBuilder spec : specs) {
            events.add(spec);
        }
        return expect(api.post("/api/v1/webhook/", tenant.adminKey(),
                Json.createObjectBuilder().add("url", url).add("events", events).build().toString()), 201)
                .json().getString("id");
    }

    private static JsonObjectBuilder on(String objectType, String action) {
        return Json.createObjectBuilder().add("object_type", objectType).add("action", action);
    }

    private List<String> post(String ingestKey, JsonObject... events) {
        return expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(List.of(events))), 202)
                .json().getJsonArray("ids").getValuesAs(jakarta.json.JsonString::getString);
    }

    private static JsonObject parse(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private JsonArray attempts(Tenant tenant, String subscriptionId) {
        return expect(api.get("/api/v1/webhook/" + subscriptionId + "/attempts/", tenant.adminKey()), 200).data();
    }

    @Test
    void aSignedWebhookInClosesShape() throws Exception {
        Tenant tenant = api.newTenant();
        try (Receiver receiver = Receiver.ok()) {
            String subscriptionId = subscribe(tenant, receiver.url(), on("activity.note", "created"));
            String signatureKey = expect(api.get("/api/v1/webhook/" + subscriptionId + "/", tenant.adminKey()), 200)
                    .json().getString("signature_key");
            String eventId = post(api.newIngestKey(), TestEvents.noteCreated(tenant.organizationId(), "acti_wh", "user_1").build()).get(0);

            Receiver.Received hook = await().atMost(30, SECONDS).until(receiver::received, r -> r.size() == 1).get(0);
            String timestamp = hook.header("close-sig-timestamp");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(signatureKey), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            assertEquals(HexFormat.of().formatHex(mac.doFinal(hook.body())), hook.header("close-sig-hash"));
            assertTrue(Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis() / 1000) < 60);
            assertTrue(hook.header("Content-Type").startsWith("application/json"));

            JsonObject body = parse(hook.text());
            assertEquals(Set.of("event", "subscription_id"), body.keySet());
            assertEquals(subscriptionId, body.getString("subscription_id"));
            assertEquals(CLOSE_EVENT_KEYS, body.getJsonObject("event").keySet());
            assertEquals(eventId, body.getJsonObject("event").getString("id"));
            assertTrue(body.getJsonObject("event").getString("date_created").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}"));

            JsonObject attempt = await().atMost(10, SECONDS).until(() -> attempts(tenant, subscriptionId), a -> a.size() == 1)
                    .getJsonObject(0);
            assertEquals("success", attempt.getString("outcome"));
            assertEquals(200, attempt.getInt("status_code"));
            assertEquals(eventId, attempt.getString("event_id"));
        }
    }

    @Test
    void onlyMatchingVisibleEventsGoOut() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        JsonObject wonFilter = Json.createObjectBuilder().add("type", "field_accessor").add("field", "data")
                .add("filter", Json.createObjectBuilder().add("type", "field_accessor").add("field", "status_type")
                        .add("filter", Json.createObjectBuilder().add("type", "equals").add("value", "won"))).build();
        try (Receiver receiver = Receiver.ok()) {
            subscribe(tenant, receiver.url(), on("opportunity", "updated").add("extra_filter", wonFilter));
            JsonObject won = TestEvents.event(tenant.organizationId(), "opportunity", "oppo_1", "updated")
                    .add("data", Json.createObjectBuilder().add("status_type", "won")).build();
            JsonObject lost = TestEvents.event(tenant.organizationId(), "opportunity", "oppo_2", "updated")
                    .add("data", Json.createObjectBuilder().add("status_type", "lost")).build();
            JsonObject created = TestEvents.event(tenant.organizationId(), "opportunity", "oppo_3", "created")
                    .add("data", Json.createObjectBuilder().add("status_type", "won")).build();
            JsonObject hidden = TestEvents.event(tenant.organizationId(), "opportunity", "oppo_4", "updated")
                    .add("data", Json.createObjectBuilder().add("status_type", "won"))
                    .add("internal_metadata", Json.createObjectBuilder().add("processing_options",
                            Json.createObjectBuilder().add("customer_visible", false))).build();
            JsonObject notForWebhooks = TestEvents.event(tenant.organizationId(), "opportunity", "oppo_5", "updated")
                    .add("data", Json.createObjectBuilder().add("status_type", "won"))
                    .add("internal_metadata", Json.createObjectBuilder().add("processing_options",
                            Json.createObjectBuilder().add("ignored_consumers", Json.createArrayBuilder().add("webhooks")))).build();
            Tenant other = api.newTenant();
            JsonObject otherOrg = TestEvents.event(other.organizationId(), "opportunity", "oppo_6", "updated")
                    .add("data", Json.createObjectBuilder().add("status_type", "won")).build();
            post(ingestKey, won, lost, created, hidden, notForWebhooks, otherOrg);

            // Exactly one arrives, and no second one follows.
            await().atMost(30, SECONDS).until(() -> receiver.received().size() == 1);
            await().during(3, SECONDS).atMost(6, SECONDS).until(() -> receiver.received().size() == 1);
            JsonObject event = parse(receiver.received().get(0).text()).getJsonObject("event");
            assertEquals("oppo_1", event.getString("object_id"));
            assertTrue(!event.containsKey("internal_metadata"));
        }
    }

    @Test
    void failedDeliveriesAreRetriedWithBackoffUntilTheyArrive() {
        Tenant tenant = api.newTenant();
        try (Receiver receiver = Receiver.answering(n -> n < 2 ? Answer.status(500) : Answer.status(200))) {
            String subscriptionId = subscribe(tenant, receiver.url(), on("activity.note", "created"));
            post(api.newIngestKey(), TestEvents.noteCreated(tenant.organizationId(), "acti_retry", "u").build());
            await().atMost(30, SECONDS).until(() -> receiver.received().size() == 1);
            JsonObject failing = expect(api.get("/api/v1/webhook/" + subscriptionId + "/", tenant.adminKey()), 200).json();
            assertEquals("failing", failing.getString("health_status"));
            assertEquals("HTTP 500", failing.getString("latest_error"));

            // Nothing before the backoff (30 s, jitter at most 20 %) is over...
            await().during(3, SECONDS).atMost(5, SECONDS).until(() -> receiver.received().size() == 1);
            // (each failure is recorded, and its retry scheduled, before the clock moves on)
            await().atMost(10, SECONDS).until(() -> attempts(tenant, subscriptionId).size() == 1);
            TestClockProducer.CLOCK.advance(Duration.ofSeconds(37));
            await().atMost(15, SECONDS).until(() -> receiver.received().size() == 2);
            await().atMost(10, SECONDS).until(() -> attempts(tenant, subscriptionId).size() == 2);
            TestClockProducer.CLOCK.advance(Duration.ofSeconds(73));
            await().atMost(15, SECONDS).until(() -> receiver.received().size() == 3);
            assertEquals(1, receiver.received().stream().map(r -> parse(r.text()).getJsonObject("event").getString("id"))
                    .collect(Collectors.toSet()).size(), "the same event each time");

            JsonArray log = await().atMost(10, SECONDS).until(() -> attempts(tenant, subscriptionId), a -> a.size() == 3);
            assertEquals(List.of("success", "failure", "failure"),
                    log.getValuesAs(JsonObject.class).stream().map(a -> a.getString("outcome")).toList());
            assertEquals(500, log.getJsonObject(2).getInt("status_code"));
            assertTrue(log.getJsonObject(2).getString("response_body").contains("500"));
            JsonObject page = expect(api.get("/api/v1/webhook/" + subscriptionId + "/attempts/?_limit=2", tenant.adminKey()), 200).json();
            assertEquals(2, page.getJsonArray("data").size());
            JsonObject rest = expect(api.get("/api/v1/webhook/" + subscriptionId + "/attempts/?_limit=2&_cursor="
                    + page.getString("cursor_next"), tenant.adminKey()), 200).json();
            assertEquals(log.getJsonObject(2).getString("id"), rest.getJsonArray("data").getJsonObject(0).getString("id"));
            assertTrue(TestApi.isNull(rest, "cursor_next"));
            assertEquals("healthy", expect(api.get("/api/v1/webhook/" + subscriptionId + "/", tenant.adminKey()), 200)
                    .json().getString("health_status"));
        }
    }

    @Test
    void aDeliveryStillFailingAfter72HoursIsDropped() {
        Tenant tenant = api.newTenant();
        try (Receiver receiver = Receiver.answering(n -> Answer.status(503))) {
            String subscriptionId = subscribe(tenant, receiver.url(), on("activity.note", "created"));
            post(api.newIngestKey(), TestEvents.noteCreated(tenant.organizationId(), "acti_drop", "u").build());
            await().atMost(30, SECONDS).until(() -> attempts(tenant, subscriptionId).size() == 1);

            TestClockProducer.CLOCK.advance(Duration.ofHours(71));
            await().atMost(15, SECONDS).until(() -> attempts(tenant, subscriptionId).size() == 2);
            assertEquals(2, receiver.received().size());
            TestClockProducer.CLOCK.advance(Duration.ofHours(2));
            JsonArray log = await().atMost(15, SECONDS).until(() -> attempts(tenant, subscriptionId),
                    a -> a.size() > 0 && a.getJsonObject(0).getString("outcome").equals("dropped"));
            assertTrue(log.getJsonObject(0).getString("error").contains("72 hours"));
            int calls = receiver.received().size();
            TestClockProducer.CLOCK.advance(Duration.ofHours(1));
            await().during(3, SECONDS).atMost(5, SECONDS).until(() -> receiver.received().size() == calls);
        }
    }

    @Test
    void aHangingReceiverDoesNotDelayAHealthyOne() {
        Tenant tenant = api.newTenant();
        try (Receiver hanging = Receiver.answering(n -> new Answer(200, 15_000, java.util.Map.of()));
             Receiver healthy = Receiver.ok()) {
            subscribe(tenant, hanging.url(), on("activity.note", "created"));
            subscribe(tenant, healthy.url(), on("activity.note", "created"));
            String ingestKey = api.newIngestKey();
            JsonObject[] events = new JsonObject[20];
            for (int i = 0; i < events.length; i++) {
                events[i] = TestEvents.noteCreated(tenant.organizationId(), "acti_slow" + i, "u").build();
            }
            long started = System.nanoTime();
            post(ingestKey, events);
            await().atMost(12, SECONDS).until(() -> healthy.received().size() == 20);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 12_000, "all 20 reached the healthy receiver in " + millis + " ms (a shared pool would wait 15 s per round)");
            assertTrue(hanging.received().size() <= 4, "at most 4 requests in flight to the slow one: " + hanging.received().size());
        }
    }

    @Test
    void a410GonePausesTheSubscriptionAtOnce() {
        Tenant tenant = api.newTenant();
        Mailbox.server();
        try (Receiver receiver = Receiver.answering(n -> Answer.status(410))) {
            String subscriptionId = subscribe(tenant, receiver.url(), on("activity.note", "created"));
            post(api.newIngestKey(), TestEvents.noteCreated(tenant.organizationId(), "acti_gone", "u").build());
            JsonObject paused = await().atMost(30, SECONDS).until(
                    () -> expect(api.get("/api/v1/webhook/" + subscriptionId + "/", tenant.adminKey()), 200).json(),
                    s -> s.getString("status").equals("paused"));
            assertEquals("gone", paused.getString("pause_reason"));
            assertEquals(1, receiver.received().size());
            Mailbox.Mail mail = await().atMost(10, SECONDS).until(() -> Mailbox.to(tenant.adminEmail()), m -> !m.isEmpty()).get(0);
            assertTrue(mail.subject().startsWith("Webhook paused"));
            assertTrue(mail.text().contains("410"));
        }
    }

    @Test
    void certificatesAreCheckedUnlessTheSubscriptionSaysNot() {
        Tenant tenant = api.newTenant();
        try (Receiver https = Receiver.selfSignedHttps()) {
            String checked = subscribe(tenant, https.url(), on("activity.note", "created"));
            String unchecked = expect(api.post("/api/v1/webhook/", tenant.adminKey(), Json.createObjectBuilder()
                    .add("url", https.url() + "/unchecked").add("verify_ssl", false)
                    .add("events", Json.createArrayBuilder().add(on("activity.note", "created"))).build().toString()), 201)
                    .json().getString("id");
            post(api.newIngestKey(), TestEvents.noteCreated(tenant.organizationId(), "acti_tls", "u").build());

            JsonObject failed = await().atMost(30, SECONDS).until(() -> attempts(tenant, checked), a -> a.size() == 1).getJsonObject(0);
            assertEquals("failure", failed.getString("outcome"));
            assertTrue(failed.getString("error").contains("TLS") || failed.getString("error").contains("SSL"), failed.toString());
            JsonObject delivered = await().atMost(30, SECONDS).until(() -> attempts(tenant, unchecked), a -> a.size() == 1).getJsonObject(0);
            assertEquals("success", delivered.getString("outcome"));
            assertEquals(1, https.received().size(), "only the unchecked subscription got through");
        }
    }

    @Test
    void aRedirectIsAFailureAndIsNotFollowed() {
        Tenant tenant = api.newTenant();
        try (Receiver elsewhere = Receiver.ok();
             Receiver redirecting = Receiver.answering(n -> new Answer(302, 0, java.util.Map.of("Location", elsewhere.url())))) {
            String id = subscribe(tenant, redirecting.url(), on("activity.note", "created"));
            post(api.newIngestKey(), TestEvents.noteCreated(tenant.organizationId(), "acti_redirect", "u").build());
            JsonObject attempt = await().atMost(30, SECONDS).until(() -> attempts(tenant, id), a -> a.size() == 1).getJsonObject(0);
            assertEquals("failure", attempt.getString("outcome"));
            assertEquals(302, attempt.getInt("status_code"));
            assertTrue(attempt.getString("error").startsWith("Redirect"));
            assertEquals(0, elsewhere.received().size());
        }
    }

    /**
     * A target that has turned private since it was subscribed (its name resolves elsewhere now;
     * here the stored URL itself is changed, past the API's check) is not sent to, and the attempt
     * log says why without naming the address.
     */
    @Test
    void aTargetThatTurnedPrivateIsNotSentToAndTheLogDoesNotNameIt() throws Exception {
        Tenant tenant = api.newTenant();
        try (Receiver receiver = Receiver.ok()) {
            String id = subscribe(tenant, receiver.url(), on("activity.note", "created"));
            String nat64 = receiver.url().replace("127.0.0.1", "[64:ff9b::a00:5]"); // NAT64 of 10.0.0.5
            transaction.begin();
            em.createNativeQuery("UPDATE webhook_subscription SET url = ?1 WHERE id = ?2")
                    .setParameter(1, nat64).setParameter(2, id).executeUpdate();
            transaction.commit();
            post(api.newIngestKey(), TestEvents.noteCreated(tenant.organizationId(), "acti_private", "u").build());

            JsonObject attempt = await().atMost(30, SECONDS).until(() -> attempts(tenant, id), a -> a.size() == 1).getJsonObject(0);
            assertEquals("failure", attempt.getString("outcome"));
            assertEquals("Not sent: Webhooks cannot target private, loopback or link-local addresses.", attempt.getString("error"));
            assertTrue(TestApi.isNull(attempt, "status_code"), attempt.toString());
            assertEquals(0, receiver.received().size());
        }
    }
}
