package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.health.SubscriptionCleanup;
import dev.eventlog.it.Receiver.Answer;
import dev.eventlog.it.Receiver.Received;
import dev.eventlog.it.TestApi.Tenant;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Recovery, resend and test deliveries against a real receiver: a recovery re-sends exactly what
 * the subscription wanted and did not receive (dropped after 72 hours, cleared by a pause, or
 * produced while it was paused), a second run sends nothing, include_delivered sends it all again;
 * a resend goes out now, under the delivery's own webhook-id. In the server: the 72 hours pass on
 * the test clock. (Test events are checked with the reference library in WebhookSignaturesIT.)
 */
@ExtendWith(ArquillianExtension.class)
class RedeliveryIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private final TestApi api = TestApi.inServer();

    @Inject
    SubscriptionCleanup cleanup;

    @AfterEach
    void backToNow() {
        TestClockProducer.CLOCK.reset();
    }

    private List<String> post(String ingestKey, JsonObject... events) {
        return expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(List.of(events))), 202)
                .json().getJsonArray("ids").getValuesAs(JsonString::getString);
    }

    private String note(String ingestKey, Tenant tenant, String noteId) {
        return post(ingestKey, TestEvents.noteCreated(tenant.organizationId(), noteId, "u").build()).get(0);
    }

    private JsonArray attempts(Tenant tenant, String subscription) {
        return expect(api.get("/api/v1/webhook/" + subscription + "/attempts/?_limit=100", tenant.adminKey()), 200).data();
    }

    private long attemptsOf(Tenant tenant, String subscription, String eventId, String outcome) {
        return attempts(tenant, subscription).getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("event_id").equals(eventId) && a.getString("outcome").equals(outcome)).count();
    }

    private static String eventIdOf(Received hook) {
        return Json.createReader(new StringReader(hook.text())).readObject().getJsonObject("event").getString("id");
    }

    /** How many times each event reached the receiver from its {@code from}-th request on. */
    private static Map<String, Long> receivedSince(Receiver receiver, int from) {
        List<Received> all = receiver.received();
        return all.subList(from, all.size()).stream().collect(Collectors.groupingBy(RedeliveryIT::eventIdOf, Collectors.counting()));
    }

    private JsonObject recover(Tenant tenant, String subscription, String body) {
        JsonObject started = expect(api.post("/api/v1/webhook/" + subscription + "/recover/", tenant.adminKey(), body), 202).json();
        String path = "/api/v1/webhook/" + subscription + "/recoveries/" + started.getString("id") + "/";
        return await().atMost(60, SECONDS).until(() -> expect(api.get(path, tenant.adminKey()), 200).json(),
                r -> r.getString("status").equals("finished"));
    }

    private static void assertCounts(JsonObject recovery, int matched, int skipped, int queued) {
        assertEquals(matched, recovery.getInt("matched"), recovery.toString());
        assertEquals(skipped, recovery.getInt("skipped"), recovery.toString());
        assertEquals(queued, recovery.getInt("queued"), recovery.toString());
        assertEquals(queued, recovery.getInt("delivered"), recovery.toString());
        assertEquals(0, recovery.getInt("failed"), recovery.toString());
        assertEquals(0, recovery.getInt("pending"), recovery.toString());
    }

    @Test
    void aRecoveryResendsWhatWasNotDeliveredAndASecondRunNothing() {
        Tenant tenant = api.newTenant();
        Tenant other = api.newTenant();
        String ingestKey = api.newIngestKey();
        String since = LocalDateTime.now(ZoneOffset.UTC).minusSeconds(5).toString();
        AtomicInteger status = new AtomicInteger(200);
        try (Receiver receiver = Receiver.answering(n -> Answer.status(status.get()))) {
            String subscription = api.subscribe(tenant, receiver.url(), "activity.note", "created");

            // Delivered: never sent again by a recovery.
            List<String> delivered = List.of(note(ingestKey, tenant, "acti_rec_a1"), note(ingestKey, tenant, "acti_rec_a2"));
            await().atMost(30, SECONDS).until(() -> delivered.stream().allMatch(e -> attemptsOf(tenant, subscription, e, "success") == 1));

            // Cleared by a pause: failing, then paused with the backlog cleared (as a pause for a
            // backlog past the limit does); and one more made while it was paused.
            status.set(503);
            List<String> cleared = List.of(note(ingestKey, tenant, "acti_rec_c1"), note(ingestKey, tenant, "acti_rec_c2"));
            await().atMost(30, SECONDS).until(() -> cleared.stream().allMatch(e -> attemptsOf(tenant, subscription, e, "failure") >= 1));
            expect(api.put("/api/v1/webhook/" + subscription + "/", tenant.adminKey(), "{\"status\": \"paused\"}"), 200);
            assertEquals(409, api.post("/api/v1/webhook/" + subscription + "/recover/", tenant.adminKey(),
                    "{\"since\": \"" + since + "\"}").status(), "a paused subscription is resumed first");
            cleanup.clearBacklog(subscription);
            String whilePaused = note(ingestKey, tenant, "acti_rec_p1");
            expect(api.put("/api/v1/webhook/" + subscription + "/", tenant.adminKey(), "{\"status\": \"active\"}"), 200);

            // Dropped: still failing 72 hours after its first attempt.
            String dropped = note(ingestKey, tenant, "acti_rec_f1");
            await().atMost(30, SECONDS).until(() -> attemptsOf(tenant, subscription, dropped, "failure") >= 1);
            TestClockProducer.CLOCK.advance(Duration.ofHours(73));
            await().atMost(30, SECONDS).until(() -> attemptsOf(tenant, subscription, dropped, "dropped") == 1);

            // Not wanted: another kind of event, and another organization's note.
            post(ingestKey, TestEvents.event(tenant.organizationId(), "lead", "lead_rec", "created").build());
            note(ingestKey, other, "acti_rec_other");

            status.set(200);
            int before = receiver.received().size();
            JsonObject first = recover(tenant, subscription, "{\"since\": \"" + since + "\"}");
            assertCounts(first, 6, 2, 4);
            Map<String, Long> once = new java.util.HashMap<>();
            List.of(cleared.get(0), cleared.get(1), whilePaused, dropped).forEach(e -> once.put(e, 1L));
            assertEquals(once, receivedSince(receiver, before), "exactly what was not delivered, once each");

            int afterFirst = receiver.received().size();
            JsonObject second = recover(tenant, subscription, "{\"since\": \"" + since + "\"}");
            assertCounts(second, 6, 6, 0);
            assertEquals(afterFirst, receiver.received().size(), "a second run sends nothing twice");

            JsonObject everything = recover(tenant, subscription, "{\"since\": \"" + since + "\", \"include_delivered\": true}");
            assertCounts(everything, 6, 0, 6);
            Map<String, Long> all = new java.util.HashMap<>(once);
            delivered.forEach(e -> all.put(e, 1L));
            assertEquals(all, receivedSince(receiver, afterFirst), "include_delivered: everything in the window, once");

            JsonArray listed = expect(api.get("/api/v1/webhook/" + subscription + "/recoveries/", tenant.adminKey()), 200).data();
            assertEquals(everything.getString("id"), listed.getJsonObject(0).getString("id"), "newest first");
            assertEquals(3, listed.size());
        }
    }

    @Test
    void aWindowBeforeTheEventsRecoversNothingAndRequestsAreChecked() {
        Tenant tenant = api.newTenant();
        Tenant other = api.newTenant();
        String subscription = api.subscribe(tenant, "http://127.0.0.1:9/hooks", "activity.note", "created");
        note(api.newIngestKey(), tenant, "acti_rec_late");
        String path = "/api/v1/webhook/" + subscription + "/recover/";
        JsonObject empty = recover(tenant, subscription, "{\"since\": \"2026-01-01\", \"until\": \"2026-01-02T00:00:00Z\"}");
        assertEquals(0, empty.getInt("scanned"));
        assertEquals("2026-01-02T00:00:00.000000", empty.getString("until"));

        for (String body : List.of("{}", "{\"since\": \"yesterday\"}", "{\"since\": 5}", "{\"since\": \"2026-01-02\", \"until\": \"2026-01-01\"}",
                "{\"since\": \"2026-01-01\", \"include_delivered\": \"yes\"}", "{\"since\": \"2026-01-01\", \"extra\": 1}", "[]", "nope",
                "{\"since\": \"0000-01-01\", \"until\": \"0001-01-01\"}")) {
            TestApi.Reply reply = api.post(path, tenant.adminKey(), body);
            assertEquals(400, reply.status(), body + " -> " + reply.text());
        }
        JsonObject cut = expect(api.post(path, tenant.adminKey(), "{\"since\": \"0001-01-01\"}"), 202).json();
        assertTrue(LocalDateTime.parse(cut.getString("since")).isAfter(LocalDateTime.now(ZoneOffset.UTC).minusYears(1).minusDays(1)),
                "cut to the last year: " + cut);
        assertEquals(404, api.post(path, other.adminKey(), "{\"since\": \"2026-01-01\"}").status());
        assertEquals(403, api.post(path, api.newUserKey(tenant), "{\"since\": \"2026-01-01\"}").status());
        assertEquals(404, api.get("/api/v1/webhook/" + subscription + "/recoveries/whrec_nope/", tenant.adminKey()).status());
        assertEquals(404, api.get("/api/v1/webhook/" + subscription + "/recoveries/" + empty.getString("id") + "/",
                other.adminKey()).status());
    }

    @Test
    void aResendGoesOutNowUnderItsOwnId() {
        Tenant tenant = api.newTenant();
        Tenant other = api.newTenant();
        String ingestKey = api.newIngestKey();
        AtomicInteger status = new AtomicInteger(200);
        try (Receiver receiver = Receiver.answering(n -> Answer.status(status.get()))) {
            JsonObject created = api.subscribeNotes(tenant, receiver.url(), "standard");
            String subscription = created.getString("id");
            String eventId = note(ingestKey, tenant, "acti_resend");
            JsonObject attempt = await().atMost(30, SECONDS).until(() -> attempts(tenant, subscription), a -> a.size() == 1)
                    .getJsonObject(0);
            String deliveryId = attempt.getString("delivery_id");
            Function<String, String> resendPath = d -> "/api/v1/webhook/" + subscription + "/deliveries/" + d + "/resend/";

            JsonObject resent = expect(api.post(resendPath.apply(deliveryId), tenant.adminKey(), null), 202).json();
            assertEquals(deliveryId, resent.getString("delivery_id"));
            assertEquals(eventId, resent.getString("event_id"));
            List<Received> hooks = await().atMost(30, SECONDS).until(receiver::received, r -> r.size() == 2);
            assertEquals(hooks.get(0).header("webhook-id"), hooks.get(1).header("webhook-id"), "the same webhook-id: receivers dedupe on it");
            assertEquals(eventId, eventIdOf(hooks.get(1)));
            await().atMost(15, SECONDS).until(() -> attemptsOf(tenant, subscription, eventId, "success") == 2);

            assertEquals(404, api.post(resendPath.apply("whdel_0000000000000000000000"), tenant.adminKey(), null).status());
            assertEquals(404, api.post(resendPath.apply("nope"), tenant.adminKey(), null).status());
            assertEquals(404, api.post(resendPath.apply(deliveryId), other.adminKey(), null).status());

            // A delivery still being retried is brought forward instead; a paused subscription's waits for the resume.
            status.set(503);
            String failing = note(ingestKey, tenant, "acti_resend_failing");
            await().atMost(30, SECONDS).until(() -> attemptsOf(tenant, subscription, failing, "failure") == 1);
            String failingDelivery = attempts(tenant, subscription).getJsonObject(0).getString("delivery_id");
            TestClockProducer.CLOCK.advance(Duration.ofSeconds(50)); // past the first retry's backoff, short of the next
            await().atMost(30, SECONDS).until(() -> attemptsOf(tenant, subscription, failing, "failure") == 2);
            status.set(200);
            expect(api.post(resendPath.apply(failingDelivery), tenant.adminKey(), null), 202);
            await().atMost(30, SECONDS).until(() -> attemptsOf(tenant, subscription, failing, "success") == 1);

            expect(api.put("/api/v1/webhook/" + subscription + "/", tenant.adminKey(), "{\"status\": \"paused\"}"), 200);
            assertEquals(409, api.post(resendPath.apply(deliveryId), tenant.adminKey(), null).status());
            assertEquals(403, api.post(resendPath.apply(deliveryId), api.newUserKey(tenant), null).status());
        }
    }
}
