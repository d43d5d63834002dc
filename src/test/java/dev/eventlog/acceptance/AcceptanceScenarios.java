package dev.eventlog.acceptance;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.RawHttp;
import dev.eventlog.it.Receiver;
import dev.eventlog.it.Receiver.Answer;
import dev.eventlog.it.Receiver.Received;
import dev.eventlog.it.TestApi;
import dev.eventlog.it.TestStream;
import dev.eventlog.it.TestApi.Reply;
import dev.eventlog.it.TestApi.Tenant;
import dev.eventlog.it.TestEvents;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * What a user of Eventlog relies on, tried from outside the server over HTTP and JMS only, so the
 * same scenarios run against any deployment of the unchanged WAR: WildFly
 * ({@link WildFlyAcceptanceIT}) and Payara ({@link PayaraAcceptanceIT}). Ingest, storage, the Event
 * Log API, consolidation, a signed webhook, a retry, a pause, a remote JMS producer, the stream for
 * internal consumers (by position and on its topic), the error format for bad input, and the health,
 * OpenAPI and metrics endpoints.
 *
 * <p>The server under test must allow webhooks to loopback (eventlog.webhook.allowed-networks
 * 127.0.0.0/8), since the receivers run in this JVM.
 */
abstract class AcceptanceScenarios {

    /** How to reach the deployment under test. */
    record Target(String baseUrl, String systemToken, String healthUrl, RemoteBroker jms) {
    }

    /** The server's broker as a remote producer reaches it, the way README tells integrators to. */
    interface RemoteBroker {
        JMSContext connect(String user, String password) throws Exception;

        /** A queue's name as remote clients give it (WildFly's broker keeps the "jms.queue." prefix). */
        String queue(String name);

        String producerUser();

        String producerPassword();

        /** A topic's name as remote clients give it (WildFly: "jms.topic." prefix). */
        String topic(String name);

        /** The broker user remote consumers of the stream's topic log in as. */
        String consumerUser();

        String consumerPassword();

        default void send(String body) throws Exception {
            try (JMSContext jms = connect(producerUser(), producerPassword())) {
                jms.createProducer().send(jms.createQueue(queue("eventlog.ingest")), body);
            }
        }
    }

    protected abstract Target target();

    protected TestApi api() {
        return TestApi.at(target().baseUrl(), target().systemToken());
    }

    private static String newEventId() {
        return "ev_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    }

    private static JsonObjectBuilder leadCreated(Tenant tenant, String id, String leadId, String name) {
        return TestEvents.event(tenant.organizationId(), "lead", leadId, "created").add("id", id)
                .add("user_id", "user_1").add("data", Json.createObjectBuilder().add("id", leadId).add("name", name));
    }

    private static JsonObjectBuilder leadRenamed(Tenant tenant, String leadId, String before, String after) {
        return TestEvents.event(tenant.organizationId(), "lead", leadId, "updated").add("user_id", "user_1")
                .add("before", Json.createObjectBuilder().add("name", before))
                .add("after", Json.createObjectBuilder().add("name", after));
    }

    private List<String> post(String ingestKey, JsonObject... events) {
        return expect(api().post("/api/v1/internal/event/", ingestKey, TestEvents.batch(List.of(events))), 202)
                .json().getJsonArray("ids").getValuesAs(JsonString::getString);
    }

    private JsonArray eventsOf(Tenant tenant, String objectId) {
        return expect(api().get(TestApi.query("/api/v1/event/", "object_id", objectId), tenant.adminKey()), 200).data();
    }

    private static JsonObject hookBody(Received hook) {
        return Json.createReader(new StringReader(hook.text())).readObject();
    }

    @Test
    void postedEventsAreStoredAndServedByTheEventLogApi() {
        Tenant tenant = api().newTenant();
        String ingestKey = api().newIngestKey();
        String id = newEventId();
        assertEquals(List.of(id), post(ingestKey, leadCreated(tenant, id, "lead_stored", "KLine").build()));

        JsonObject served = await().atMost(30, SECONDS).until(
                () -> api().get("/api/v1/event/" + id + "/", tenant.adminKey()), r -> r.status() == 200).json();
        assertEquals(tenant.organizationId(), served.getString("organization_id"));
        assertEquals("lead", served.getString("object_type"));
        assertEquals("created", served.getString("action"));
        assertEquals("KLine", served.getJsonObject("data").getString("name"));
        JsonArray filtered = expect(api().get(TestApi.query("/api/v1/event/", "object_type", "lead", "action", "created"),
                tenant.adminKey()), 200).data();
        assertEquals(id, filtered.getJsonObject(0).getString("id"));

        // Another organization's admin does not see it.
        Tenant other = api().newTenant();
        assertEquals(404, api().get("/api/v1/event/" + id + "/", other.adminKey()).status());
        assertEquals(0, expect(api().get("/api/v1/event/", other.adminKey()), 200).data().size());
    }

    @Test
    void aBurstOfUpdatesToOneObjectIsOneEventInTheLog() {
        Tenant tenant = api().newTenant();
        String ingestKey = api().newIngestKey();
        List<String> first = post(ingestKey, leadRenamed(tenant, "lead_burst", "A", "AB").build());
        post(ingestKey, leadRenamed(tenant, "lead_burst", "AB", "ABC").build());
        post(ingestKey, leadRenamed(tenant, "lead_burst", "ABC", "ABCD").build());

        JsonObject merged = await().atMost(30, SECONDS).until(() -> eventsOf(tenant, "lead_burst"),
                events -> events.size() == 1
                        && "ABCD".equals(events.getJsonObject(0).getJsonObject("data").getString("name"))).getJsonObject(0);
        assertEquals(first.get(0), merged.getString("id"), "the burst keeps its first event's id");
        assertEquals("A", merged.getJsonObject("previous_data").getString("name"), "the state before the burst");
        assertEquals(List.of("name"), merged.getJsonArray("changed_fields").getValuesAs(JsonString::getString));
    }

    /**
     * Consolidation serializes writers of one object with a transaction-scoped advisory lock, so it
     * holds only if every statement of a write runs in one transaction: on a server whose
     * datasource ran them in autocommit (Payara given java:comp/DefaultDataSource, see
     * persistence.xml) this burst became several events. (It runs here rather than in
     * ConsolidationIT so that both servers run it.)
     */
    @Test
    void manyConcurrentUpdatesOfOneObjectAreOneEventWithEveryChange() throws Exception {
        Tenant tenant = api().newTenant();
        String ingestKey = api().newIngestKey();
        int writers = 24;
        // Each update changes a field of its own, so a lost update shows as a missing field.
        List<Callable<List<String>>> saves = IntStream.range(0, writers).<Callable<List<String>>>mapToObj(i -> () -> post(ingestKey,
                TestEvents.event(tenant.organizationId(), "lead", "lead_busy", "updated").add("user_id", "user_1")
                        .add("before", Json.createObjectBuilder().add("f" + i, "old"))
                        .add("after", Json.createObjectBuilder().add("f" + i, "new")).build())).toList();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        Set<String> ids = new HashSet<>();
        try {
            for (Future<List<String>> saved : pool.invokeAll(saves)) {
                ids.addAll(saved.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(writers, ids.size());

        Set<String> fields = IntStream.range(0, writers).mapToObj(i -> "f" + i).collect(Collectors.toSet());
        await().atMost(60, SECONDS).until(() -> eventsOf(tenant, "lead_busy"), events -> events.size() > 1
                || events.size() == 1 && events.getJsonObject(0).getJsonArray("changed_fields").size() == writers);
        JsonArray events = eventsOf(tenant, "lead_busy");
        assertEquals(1, events.size(), "one event for the whole burst: " + events);
        JsonObject event = events.getJsonObject(0);
        assertEquals(fields, new HashSet<>(event.getJsonArray("changed_fields").getValuesAs(JsonString::getString)));
        fields.forEach(f -> assertEquals("old", event.getJsonObject("previous_data").getString(f), f));
        assertTrue(ids.contains(event.getString("id")), "the burst keeps the id of one of its updates");
    }

    /** A time shown when something is created is the one read back later (PostgreSQL keeps microseconds). */
    @Test
    void theTimesACreationAnswersAreTheTimesReadBack() {
        Tenant tenant = api().newTenant();
        Map<String, String> created = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            JsonObject key = expect(api().post("/api/v1/api_key/", tenant.adminKey(), "{}"), 201).json();
            JsonObject described = key.containsKey("api_key") ? key.getJsonObject("api_key") : key;
            created.put(described.getString("id"), described.getString("date_created"));
        }
        Map<String, String> listed = new HashMap<>();
        expect(api().get("/api/v1/api_key/", tenant.adminKey()), 200).data().getValuesAs(JsonObject.class)
                .forEach(k -> listed.put(k.getString("id"), k.getString("date_created")));
        created.forEach((id, time) -> assertEquals(time, listed.get(id), "date_created of " + id));

        try (Receiver receiver = Receiver.ok()) {
            for (int i = 0; i < 5; i++) {
                JsonObject subscription = expect(api().post("/api/v1/webhook/", tenant.adminKey(),
                        subscriptionBody(receiver, "created")), 201).json();
                JsonObject read = expect(api().get("/api/v1/webhook/" + subscription.getString("id") + "/", tenant.adminKey()), 200).json();
                assertEquals(subscription.getString("date_created"), read.getString("date_created"));
            }
        }
    }

    @Test
    void aMatchingEventIsDeliveredSignedWithTheSubscriptionsKey() throws Exception {
        Tenant tenant = api().newTenant();
        String ingestKey = api().newIngestKey();
        try (Receiver receiver = Receiver.ok()) {
            JsonObject subscription = expect(api().post("/api/v1/webhook/", tenant.adminKey(), subscriptionBody(receiver, "created")), 201).json();
            String id = newEventId();
            post(ingestKey, leadCreated(tenant, id, "lead_signed", "Signed").build());

            Received hook = await().atMost(30, SECONDS).until(receiver::received, r -> !r.isEmpty()).get(0);
            String timestamp = hook.header("close-sig-timestamp");
            String hash = hook.header("close-sig-hash");
            assertNotNull(timestamp, "close-sig-timestamp");
            assertNotNull(hash, "close-sig-hash");
            // README's recipe: HMAC-SHA256 keyed with the hex-decoded signature_key over timestamp + raw body.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(subscription.getString("signature_key")), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            assertEquals(HexFormat.of().formatHex(mac.doFinal(hook.body())), hash);
            assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < 120, timestamp);

            JsonObject event = hookBody(hook).getJsonObject("event");
            assertEquals(id, event.getString("id"));
            assertEquals("Signed", event.getJsonObject("data").getString("name"));
            assertEquals(subscription.getString("id"), hookBody(hook).getString("subscription_id"));
        }
    }

    @Test
    void aFailedDeliveryIsTriedAgainAndLogged() {
        Tenant tenant = api().newTenant();
        String ingestKey = api().newIngestKey();
        try (Receiver receiver = Receiver.answering(n -> n == 0 ? Answer.status(503) : Answer.status(200))) {
            String subscription = expect(api().post("/api/v1/webhook/", tenant.adminKey(), subscriptionBody(receiver, "created")), 201)
                    .json().getString("id");
            String id = newEventId();
            post(ingestKey, leadCreated(tenant, id, "lead_retried", "Retried").build());

            // While the retry waits, the metrics endpoint shows the delivery as owed.
            await().atMost(30, SECONDS).until(receiver::received, r -> r.size() == 1);
            String owedLine = "eventlog_webhook_owed_deliveries{subscription=\"" + subscription + "\"} 1";
            await().atMost(10, SECONDS).until(() -> expect(api().get("/api/v1/system/metrics/", target().systemToken()), 200)
                    .text().lines().anyMatch(owedLine::equals));

            // The first retry comes 30 s (± 20 %) after the failure.
            List<Received> both = await().atMost(90, SECONDS).until(receiver::received, r -> r.size() >= 2);
            Duration gap = Duration.between(both.get(0).at(), both.get(1).at());
            assertTrue(gap.compareTo(Duration.ofSeconds(20)) >= 0, "retried after " + gap);
            assertEquals(id, hookBody(both.get(1)).getJsonObject("event").getString("id"));

            JsonArray attempts = await().atMost(30, SECONDS).until(
                    () -> expect(api().get("/api/v1/webhook/" + subscription + "/attempts/", tenant.adminKey()), 200).data(),
                    a -> a.size() == 2);
            List<Integer> statuses = attempts.getValuesAs(JsonObject.class).stream()
                    .map(a -> a.getInt("status_code")).sorted().toList();
            assertEquals(List.of(200, 503), statuses);
        }
    }

    @Test
    void aReceiverAnsweringGonePausesItsSubscription() {
        Tenant tenant = api().newTenant();
        String ingestKey = api().newIngestKey();
        try (Receiver receiver = Receiver.answering(n -> Answer.status(410))) {
            String subscription = expect(api().post("/api/v1/webhook/", tenant.adminKey(), subscriptionBody(receiver, "created")), 201)
                    .json().getString("id");
            post(ingestKey, leadCreated(tenant, newEventId(), "lead_gone", "Gone").build());

            JsonObject paused = await().atMost(30, SECONDS).until(
                    () -> expect(api().get("/api/v1/webhook/" + subscription + "/", tenant.adminKey()), 200).json(),
                    s -> "paused".equals(s.getString("status")));
            assertEquals("gone", paused.getString("pause_reason"));
            // Paused means no more attempts: a second event is not sent.
            post(ingestKey, leadCreated(tenant, newEventId(), "lead_gone_2", "Gone 2").build());
            await().during(3, SECONDS).atMost(6, SECONDS).until(() -> receiver.received().size() == 1);
        }
    }

    @Test
    void anIntegratorTestsTheEndpointThenRecoversWhatWasLoggedBeforeAndResendsOne() {
        Tenant tenant = api().newTenant();
        String ingestKey = api().newIngestKey();
        String since = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(5).toString();
        List<String> logged = List.of(newEventId(), newEventId(), newEventId());
        for (int i = 0; i < logged.size(); i++) {
            post(ingestKey, leadCreated(tenant, logged.get(i), "lead_recovered_" + i, "Recovered " + i).build());
        }
        try (Receiver receiver = Receiver.ok()) {
            String subscription = expect(api().post("/api/v1/webhook/", tenant.adminKey(), subscriptionBody(receiver, "created")), 201)
                    .json().getString("id");
            String hooks = "/api/v1/webhook/" + subscription;

            JsonObject test = expect(api().post(hooks + "/test/", tenant.adminKey(), null), 200).json();
            assertEquals("success", test.getString("outcome"), test.toString());
            assertEquals("test", hookBody(receiver.received().get(0)).getJsonObject("event").getString("action"));

            String recovery = expect(api().post(hooks + "/recover/", tenant.adminKey(), "{\"since\": \"" + since + "\"}"), 202)
                    .json().getString("id");
            JsonObject done = await().atMost(60, SECONDS).until(() -> expect(api().get(hooks + "/recoveries/" + recovery + "/",
                    tenant.adminKey()), 200).json(), r -> "finished".equals(r.getString("status")));
            assertEquals(3, done.getInt("delivered"), done.toString());
            List<String> recovered = receiver.received().subList(1, 4).stream()
                    .map(h -> hookBody(h).getJsonObject("event").getString("id")).sorted().toList();
            assertEquals(logged.stream().sorted().toList(), recovered);

            String delivery = expect(api().get(hooks + "/attempts/", tenant.adminKey()), 200).data().getValuesAs(JsonObject.class)
                    .stream().filter(a -> a.getString("event_id").equals(logged.get(0))).findFirst().orElseThrow()
                    .getString("delivery_id");
            expect(api().post(hooks + "/deliveries/" + delivery + "/resend/", tenant.adminKey(), null), 202);
            Received again = await().atMost(30, SECONDS).until(receiver::received, r -> r.size() == 5).get(4);
            assertEquals(logged.get(0), hookBody(again).getJsonObject("event").getString("id"));
        }
    }

    @Test
    void aRemoteProducerSendsEventsOverJms() throws Exception {
        Tenant tenant = api().newTenant();
        String id = newEventId();
        target().jms().send(TestEvents.batch(List.of(leadCreated(tenant, id, "lead_jms", "Over JMS").build())));

        JsonObject served = await().atMost(30, SECONDS).until(
                () -> api().get("/api/v1/event/" + id + "/", tenant.adminKey()), r -> r.status() == 200).json();
        assertEquals("Over JMS", served.getJsonObject("data").getString("name"));
    }

    /**
     * The producer user may send to the ingest queue and do nothing else (the brokers' exceptions
     * differ: Artemis throws JMSSecurityRuntimeException, OpenMQ its own JMSRuntimeException).
     */
    @Test
    void aRemoteProducerMaySendToTheIngestQueueOnly() throws Exception {
        RemoteBroker broker = target().jms();
        try (JMSContext jms = broker.connect(broker.producerUser(), broker.producerPassword())) {
            assertThrows(JMSRuntimeException.class,
                    () -> jms.createConsumer(jms.createQueue(broker.queue("eventlog.ingest"))).receiveNoWait(),
                    "reading the ingest queue");
            assertThrows(JMSRuntimeException.class,
                    () -> jms.createProducer().send(jms.createQueue(broker.queue("eventlog.delivery")), "{}"),
                    "sending to the delivery queue");
        }
        assertThrows(JMSRuntimeException.class,
                () -> broker.connect(broker.producerUser(), "not-the-password").close(), "a wrong password");
    }

    /**
     * An internal consumer registers, waits on the stream (long-poll), gets the new events, commits
     * its position and, asking again by name, gets nothing it has processed.
     */
    @Test
    void anInternalConsumerFollowsTheStreamByPosition() throws Exception {
        Tenant tenant = api().newTenant();
        String ingestKey = api().newIngestKey();
        String key = api().newConsumerKey(tenant.organizationId());
        TestStream stream = new TestStream(api(), key);
        String consumer = "indexer-" + UUID.randomUUID().toString().substring(0, 8);
        expect(api().post("/api/v1/internal/consumer/", key, Json.createObjectBuilder().add("name", consumer).build().toString()), 201);

        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<TestStream.Page> waiting = client.submit(() -> stream.read("consumer", consumer, "wait", "20"));
            List<String> ids = post(ingestKey, leadCreated(tenant, newEventId(), "lead_s1", "One").build(),
                    leadCreated(tenant, newEventId(), "lead_s2", "Two").build());
            TestStream.Page page = waiting.get(20, SECONDS);
            assertEquals(ids, page.eventIds(), "the long-poll answers with the new events");
            assertEquals(tenant.organizationId(), page.entries().get(0).event().getString("organization_id"));
            expect(api().put("/api/v1/internal/consumer/" + consumer + "/position/", key,
                    Json.createObjectBuilder().add("position", page.next()).build().toString()), 200);
            assertEquals(List.of(), stream.read("consumer", consumer).eventIds(), "resumed after its committed position");
        } finally {
            client.shutdownNow();
        }
    }

    /**
     * A remote consumer's durable shared subscription to the stream's topic gets each new change,
     * with its position. The server must publish the feed, which is off by default
     * (EVENTLOG_STREAM_FEED_ENABLED=true; the build's test servers switch it on).
     */
    @Test
    void aRemoteConsumerGetsEveryChangeOnTheStreamsTopic() throws Exception {
        Tenant tenant = api().newTenant();
        String ingestKey = api().newIngestKey();
        RemoteBroker broker = target().jms();
        String subscription = "sync-" + UUID.randomUUID().toString().substring(0, 8);
        try (JMSContext jms = broker.connect(broker.consumerUser(), broker.consumerPassword())) {
            jakarta.jms.Topic topic = jms.createTopic(broker.topic("eventlog.stream"));
            Map<String, String> positions = new HashMap<>();
            try (jakarta.jms.JMSConsumer consumer = jms.createSharedDurableConsumer(topic, subscription,
                    "organization_id = '" + tenant.organizationId() + "'")) {
                List<String> ids = post(ingestKey, leadCreated(tenant, newEventId(), "lead_t1", "One").build(),
                        leadCreated(tenant, newEventId(), "lead_t2", "Two").build(),
                        leadCreated(tenant, newEventId(), "lead_t3", "Three").build());
                for (int i = 0; i < ids.size(); i++) {
                    jakarta.jms.Message message = consumer.receive(30_000);
                    assertNotNull(message, "change " + (i + 1) + " of " + ids.size() + " on the topic");
                    JsonObject entry = Json.createReader(new StringReader(message.getBody(String.class))).readObject();
                    positions.put(entry.getJsonObject("event").getString("id"), message.getStringProperty("position"));
                    assertEquals(entry.getString("position"), message.getStringProperty("position"));
                }
                assertEquals(Set.copyOf(ids), positions.keySet());
            }
            jms.unsubscribe(subscription);
            assertThrows(JMSRuntimeException.class, () -> jms.createProducer().send(topic, "{}"),
                    "the consumer user may not publish");
        }
    }

    @Test
    void badInputGetsAClearErrorInTheApisFormat() {
        Tenant tenant = api().newTenant();
        String ingestKey = api().newIngestKey();

        Reply notJson = api().post("/api/v1/internal/event/", ingestKey, "{\"organization_id\": ");
        assertEquals(400, notJson.status(), notJson.text());
        assertTrue(notJson.json().containsKey("error") || notJson.json().containsKey("errors"), notJson.text());

        Reply invalid = api().post("/api/v1/internal/event/", ingestKey,
                TestEvents.batch(List.of(TestEvents.event(tenant.organizationId(), "lead", "lead_x", "created").add("colour", "red").build())));
        assertEquals(400, invalid.status(), invalid.text());
        assertEquals("Unknown field.", invalid.json().getJsonObject("field-errors").getString("[0].colour"), invalid.text());

        Reply noKey = api().get("/api/v1/event/", null);
        assertEquals(401, noKey.status());
        assertTrue(noKey.json().containsKey("error"), noKey.text());

        Reply unknownPath = api().get("/api/v1/no_such_thing/", tenant.adminKey());
        assertEquals(404, unknownPath.status());
        assertTrue(unknownPath.json().containsKey("error"), unknownPath.text());

        // Undecodable escapes reach Eventlog (not the HTTP parser) on both servers and are refused in JSON.
        Reply badEscape = rawTarget("/api/v1/event/?object_id=%zz", tenant.adminKey());
        assertEquals(400, badEscape.status(), badEscape.text());
        assertTrue(badEscape.json().containsKey("error") || badEscape.json().containsKey("field-errors"), badEscape.text());
    }

    @Test
    void healthOpenApiAndMetricsAnswer() {
        Reply ready = TestApi.at(target().healthUrl(), target().systemToken()).get("/ready", null);
        assertEquals(200, ready.status(), ready.text());
        JsonObject health = ready.json();
        assertEquals("UP", health.getString("status"));
        // Eventlog's two checks, each UP (WildFly adds checks of its own, Payara none).
        List<String> eventlogChecks = health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> List.of("jms", "postgresql").contains(c.getString("name")))
                .map(c -> c.getString("name") + "=" + c.getString("status")).sorted().toList();
        assertEquals(List.of("jms=UP", "postgresql=UP"), eventlogChecks);

        Reply openapi = api().get("/openapi", null);
        assertEquals(200, openapi.status());
        assertTrue(openapi.text().contains("/api/v1/event/"), "the OpenAPI document lists the Event Log API");

        Reply metrics = api().get("/api/v1/system/metrics/", target().systemToken());
        assertEquals(200, metrics.status());
        assertTrue(metrics.text().lines().anyMatch(l -> l.startsWith("eventlog_ingest_events_stored_total ")), metrics.text());
        assertEquals(401, api().get("/api/v1/system/metrics/", null).status());
    }

    private static String subscriptionBody(Receiver receiver, String action) {
        return Json.createObjectBuilder().add("url", receiver.url())
                .add("events", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("object_type", "lead").add("action", action)))
                .build().toString();
    }

    /** A request target no well-behaved client sends (java.net.URI refuses a broken escape). */
    private Reply rawTarget(String target, String key) {
        int port = URI.create(target().baseUrl()).getPort();
        try {
            RawHttp.Response response = new RawHttp(port).send(new RawHttp.Request("GET", target, Map.of("Authorization", basic(key)), null));
            return new Reply(response.status(), response.text(), null);
        } catch (IOException e) {
            throw new AssertionError("GET " + target + " failed", e);
        }
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }
}
