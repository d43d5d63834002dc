package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.Receiver.Answer;
import dev.eventlog.it.TestApi.Tenant;
import dev.eventlog.platform.jms.Destinations;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad data never makes delivery loop or lose work: receivers answering bytes PostgreSQL's text
 * refuses, and event rows that cannot be read, next to healthy subscriptions.
 */
@ExtendWith(ArquillianExtension.class)
class DeliveryRobustnessIT {

    /** A 200 whose body has NUL bytes: a JSON answer, then UTF-16 text. */
    private static final byte[] NUL_BODY = concat("{\"ok\":true}\u0000".getBytes(StandardCharsets.UTF_8),
            "hi".getBytes(StandardCharsets.UTF_16LE));

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    UserTransaction tx;

    @Inject
    JMSContext jms;

    @Resource(lookup = Destinations.DISPATCH)
    Queue dispatchQueue;

    private final TestApi api = TestApi.inServer();

    @AfterEach
    void backToNow() {
        TestClockProducer.CLOCK.reset();
    }

    private String subscribe(Tenant tenant, Receiver receiver) {
        return api.subscribe(tenant, receiver.url(), "activity.note", "created");
    }
    private List<JsonObject> attempts(Tenant tenant, String subscriptionId) {
        return expect(api.get("/api/v1/webhook/" + subscriptionId + "/attempts/?_limit=100", tenant.adminKey()), 200)
                .data().getValuesAs(JsonObject.class);
    }

    private List<JsonObject> attempts(Tenant tenant, String subscriptionId, String outcome) {
        return attempts(tenant, subscriptionId).stream().filter(a -> a.getString("outcome").equals(outcome)).toList();
    }

    @Test
    void answersPostgresqlCannotStoreAreLoggedCleanAndNeitherLoopNorSinkTheirBatch() {
        Tenant tenant = api.newTenant();
        byte[] gzip = gzip("Internal Server Error: the database is down");
        try (Receiver nul = Receiver.answering(n -> Answer.body(200, NUL_BODY));
             Receiver binary = Receiver.answering(n -> Answer.body(500, gzip));
             Receiver healthy = Receiver.ok();
             Receiver alsoHealthy = Receiver.ok()) {
            String nulId = subscribe(tenant, nul);
            String binaryId = subscribe(tenant, binary);
            List<String> healthyIds = List.of(subscribe(tenant, healthy), subscribe(tenant, alsoHealthy));
            JsonObject[] events = new JsonObject[20];
            for (int i = 0; i < events.length; i++) {
                events[i] = TestEvents.noteCreated(tenant.organizationId(), "acti_bytes" + i, "u").build();
            }
            // One batch of 20 for four subscriptions: their successes are recorded in the same group commits.
            expect(api.post("/api/v1/internal/event/", api.newIngestKey(), TestEvents.batch(List.of(events))), 202);

            await().atMost(30, SECONDS).until(() -> attempts(tenant, nulId, "success").size() == 20);
            for (String id : healthyIds) {
                await().atMost(10, SECONDS).until(() -> attempts(tenant, id, "success").size() == 20);
            }
            await().atMost(10, SECONDS).until(() -> attempts(tenant, binaryId, "failure").size() == 20);
            for (JsonObject attempt : attempts(tenant, nulId)) {
                assertEquals(200, attempt.getInt("status_code"));
                assertEquals("{\"ok\":true}hi", attempt.getString("response_body"), "NULs dropped, the rest kept");
            }
            for (JsonObject attempt : attempts(tenant, binaryId)) {
                assertEquals(500, attempt.getInt("status_code"));
                assertEquals("HTTP 500", attempt.getString("error"));
                String body = attempt.getString("response_body");
                assertTrue(body.startsWith("\u001f\uFFFD"), "gzip's magic bytes, decoded leniently: " + body);
                assertFalse(body.contains("\u0000"));
            }
            assertEquals(20, nul.received().size());
            assertEquals(20, binary.received().size());

            // Past the claims' 30 s lease and the first backoff (30 s, jitter at most 20 %): the failed
            // deliveries come back, as they should.
            TestClockProducer.CLOCK.advance(Duration.ofSeconds(37));
            await().atMost(20, SECONDS).until(() -> attempts(tenant, binaryId, "failure").size() == 40);
            // A lease later, nothing delivered comes back, and the failed ones are not due yet either:
            // their second backoff is 60 s (48 to 72 with jitter).
            TestClockProducer.CLOCK.advance(Duration.ofSeconds(32));
            await().during(5, SECONDS).atMost(10, SECONDS).until(() -> binary.received().size() == 40
                    && nul.received().size() == 20 && healthy.received().size() == 20 && alsoHealthy.received().size() == 20);
            assertEquals(20, attempts(tenant, nulId).size(), "each NUL answer recorded exactly once");
            TestClockProducer.CLOCK.advance(Duration.ofSeconds(40));
            await().atMost(20, SECONDS).until(() -> attempts(tenant, binaryId, "failure").size() == 60);
            assertEquals(20, nul.received().size());
        }
    }

    @Test
    void anEventThatCannotBeReadHoldsUpNoOtherEventOfItsDispatchMessage() throws Exception {
        Tenant tenant = api.newTenant();
        try (Receiver receiver = Receiver.ok()) {
            subscribe(tenant, receiver);
            String first = insertEvent(tenant, "{\"note\": \"first\"}");
            String unreadable = insertEvent(tenant, unparsableJson());
            String last = insertEvent(tenant, "{\"note\": \"last\"}");
            tx.begin();
            jms.createProducer().send(dispatchQueue, String.join(",", first, unreadable, last));
            tx.commit();

            await().atMost(30, SECONDS).until(() -> receiver.received().size() == 2);
            await().during(3, SECONDS).atMost(6, SECONDS).until(() -> receiver.received().size() == 2);
            assertEquals(java.util.Set.of(first, last), receiver.received().stream().map(DeliveryRobustnessIT::eventId)
                    .collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void aDeliveryWhoseEventCannotBeReadIsDroppedWithItsReasonAndHoldsUpNoOther() throws Exception {
        Tenant tenant = api.newTenant();
        try (Receiver receiver = Receiver.ok()) {
            String subscriptionId = subscribe(tenant, receiver);
            String readable = insertEvent(tenant, "{\"note\": \"fine\"}");
            String unreadable = insertEvent(tenant, unparsableJson());
            // Due retries of both, as the retry timer finds them (next attempt due, first queued a minute
            // ago): their events are read in one query.
            tx.begin();
            for (String eventId : List.of(readable, unreadable)) {
                em.createNativeQuery("INSERT INTO webhook_delivery (id, subscription_id, event_id, status, attempts, "
                                + "next_attempt_at, date_created) VALUES (?1, ?2, ?3, 'pending', 0, ?4, ?5)")
                        .setParameter(1, "whdel_" + UUID.randomUUID().toString().replace("-", ""))
                        .setParameter(2, subscriptionId).setParameter(3, eventId).setParameter(4, now().minusSeconds(1))
                        .setParameter(5, now().minusSeconds(60))
                        .executeUpdate();
            }
            tx.commit();

            JsonObject dropped = await().atMost(30, SECONDS).until(() -> attempts(tenant, subscriptionId, "dropped"),
                    d -> d.size() == 1).get(0);
            assertEquals(unreadable, dropped.getString("event_id"));
            assertTrue(dropped.getString("error").contains("cannot be read"), dropped.getString("error"));
            await().atMost(10, SECONDS).until(() -> attempts(tenant, subscriptionId, "success").size() == 1);
            assertEquals(1, receiver.received().size());
            assertEquals(readable, eventId(receiver.received().get(0)));

            // Neither comes back after the lease.
            TestClockProducer.CLOCK.advance(Duration.ofSeconds(35));
            await().during(4, SECONDS).atMost(8, SECONDS).until(() -> attempts(tenant, subscriptionId).size() == 2);
            assertEquals(1, receiver.received().size());
        }
    }

    private static String eventId(Receiver.Received hook) {
        return Json.createReader(new java.io.StringReader(hook.text())).readObject().getJsonObject("event").getString("id");
    }

    /** Valid jsonb, which PostgreSQL stores, but nested deeper than the JSON-P parser reads (1,000). */
    private static String unparsableJson() {
        return "{\"note\": " + "[".repeat(1_500) + "]".repeat(1_500) + "}";
    }

    /** An event row as an older version or another tool might have written it. */
    private String insertEvent(Tenant tenant, String data) throws Exception {
        String id = "ev_" + UUID.randomUUID().toString().replace("-", "");
        tx.begin();
        em.createNativeQuery("INSERT INTO event (id, organization_id, object_type, object_id, action, data, meta, "
                        + "date_created, date_updated) VALUES (?1, ?2, 'activity.note', ?1, 'created', CAST(?3 AS jsonb), "
                        + "CAST('{}' AS jsonb), ?4, ?4)")
                .setParameter(1, id).setParameter(2, tenant.organizationId()).setParameter(3, data)
                .setParameter(4, now()).executeUpdate();
        tx.commit();
        return id;
    }

    private static LocalDateTime now() {
        return LocalDateTime.ofInstant(TestClockProducer.CLOCK.instant(), ZoneOffset.UTC);
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
