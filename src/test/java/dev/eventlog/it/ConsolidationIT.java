package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.consolidation.Consolidation;
import dev.eventlog.event.Event;
import dev.eventlog.it.TestApi.Tenant;
import dev.eventlog.platform.db.AdvisoryLocks;
import dev.eventlog.platform.jms.Destinations;
import dev.eventlog.platform.time.Timestamps;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bursts of updates become one event (DESIGN §3), in the log at once and as one webhook at the end
 * of the window (5 s, the default), also when many consumers store the burst at the same moment.
 */
@ExtendWith(ArquillianExtension.class)
class ConsolidationIT {

    private static final Duration WINDOW = Duration.ofSeconds(5);

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private final TestApi api = TestApi.inServer();

    private static JsonObjectBuilder noteUpdate(Tenant tenant, String noteId, String userId, String before, String after) {
        return TestEvents.event(tenant.organizationId(), "activity.note", noteId, "updated")
                .add("user_id", userId)
                .add("before", Json.createObjectBuilder().add("id", noteId).add("note", before))
                .add("after", Json.createObjectBuilder().add("id", noteId).add("note", after));
    }

    private List<String> post(String ingestKey, JsonObject... events) {
        return expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(List.of(events))), 202)
                .json().getJsonArray("ids").getValuesAs(JsonString::getString);
    }

    private JsonArray eventsOf(Tenant tenant, String objectId) {
        return expect(api.get(TestApi.query("/api/v1/event/", "object_id", objectId), tenant.adminKey()), 200).data();
    }

    private String subscribe(Tenant tenant, Receiver receiver, String action) {
        String body = Json.createObjectBuilder().add("url", receiver.url())
                .add("events", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("object_type", "activity.note").add("action", action)))
                .build().toString();
        return expect(api.post("/api/v1/webhook/", tenant.adminKey(), body), 201).json().getString("id");
    }

    private static JsonObject hookEvent(Receiver.Received hook) {
        return Json.createReader(new StringReader(hook.text())).readObject().getJsonObject("event");
    }

    private static String time(LocalDateTime t) {
        return Timestamps.format(t);
    }

    /** A producer-chosen id, new in every run. */
    private static String newEventId() {
        return "ev_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    }

    private long metric(String name) {
        String text = expect(api.get("/api/v1/system/metrics/", TestApi.SYSTEM_TOKEN), 200).text();
        return text.lines().filter(l -> l.startsWith(name + " ")).mapToLong(l -> Long.parseLong(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing from " + text));
    }

    @Test
    void aNoteAutosavedTwentyTimesInThreeSecondsIsOneEventAndOneWebhookAfterTheWindow() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        long receivedBefore = metric("eventlog_ingest_events_received_total");
        long storedBefore = metric("eventlog_ingest_events_stored_total");
        long mergedBefore = metric("eventlog_ingest_events_merged_total");
        try (Receiver receiver = Receiver.ok()) {
            subscribe(tenant, receiver, "updated");
            // Twenty saves 150 ms apart, as the editor stamps them; each is its own request.
            LocalDateTime start = Timestamps.truncate(LocalDateTime.now(ZoneOffset.UTC));
            Instant firstPost = Instant.now();
            List<String> ids = new ArrayList<>();
            String text = "";
            for (int i = 0; i < 20; i++) {
                String next = text + (char) ('a' + i);
                ids.addAll(post(ingestKey, noteUpdate(tenant, "acti_autosave", "user_1", text, next)
                        .add("date_created", time(start.plusNanos(i * 150_000_000L))).build()));
                text = next;
            }
            String finalText = text;

            // The log shows the merged event as soon as the last save is stored.
            JsonObject merged = await().atMost(30, SECONDS).until(() -> eventsOf(tenant, "acti_autosave"),
                    events -> events.size() == 1
                            && finalText.equals(events.getJsonObject(0).getJsonObject("data").getString("note"))).getJsonObject(0);
            assertEquals(ids.get(0), merged.getString("id"), "the first save's id");
            assertEquals(time(start), merged.getString("date_created"));
            assertEquals(List.of("note"), merged.getJsonArray("changed_fields").getValuesAs(JsonString::getString));
            assertEquals("", merged.getJsonObject("previous_data").getString("note"), "the text before the burst");
            // The id each save was given in its 202 leads to the event it was folded into.
            assertEquals(ids.get(0), expect(api.get("/api/v1/event/" + ids.get(19) + "/", tenant.adminKey()), 200)
                    .json().getString("id"));

            // One webhook, with the final state, once the window has passed.
            Receiver.Received hook = await().atMost(30, SECONDS).until(receiver::received, r -> r.size() == 1).get(0);
            assertTrue(!hook.at().isBefore(firstPost.plus(WINDOW)), "sent " + Duration.between(firstPost, hook.at())
                    + " after the first save, before the window closed");
            JsonObject event = hookEvent(hook);
            assertEquals(ids.get(0), event.getString("id"));
            assertEquals(finalText, event.getJsonObject("data").getString("note"));
            assertEquals("", event.getJsonObject("previous_data").getString("note"));
            await().during(3, SECONDS).atMost(6, SECONDS).until(() -> receiver.received().size() == 1);
        }
        assertEquals(20, metric("eventlog_ingest_events_received_total") - receivedBefore);
        assertEquals(1, metric("eventlog_ingest_events_stored_total") - storedBefore);
        assertEquals(19, metric("eventlog_ingest_events_merged_total") - mergedBefore);
    }

    @Test
    void updatesByTwoUsersAreTwoEvents() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        try (Receiver receiver = Receiver.ok()) {
            subscribe(tenant, receiver, "updated");
            post(ingestKey, noteUpdate(tenant, "acti_shared", "user_ann", "", "A").build(),
                    noteUpdate(tenant, "acti_shared", "user_bob", "A", "AB").build(),
                    noteUpdate(tenant, "acti_shared", "user_ann", "AB", "ABA").build());

            JsonArray events = await().atMost(30, SECONDS).until(() -> eventsOf(tenant, "acti_shared"), e -> e.size() == 2);
            Set<String> users = events.getValuesAs(JsonObject.class).stream().map(e -> e.getString("user_id")).collect(Collectors.toSet());
            assertEquals(Set.of("user_ann", "user_bob"), users);
            JsonObject ann = events.getValuesAs(JsonObject.class).stream()
                    .filter(e -> e.getString("user_id").equals("user_ann")).findFirst().orElseThrow();
            assertEquals("ABA", ann.getJsonObject("data").getString("note"), "Ann's two saves are one event");
            assertEquals("", ann.getJsonObject("previous_data").getString("note"));

            await().atMost(30, SECONDS).until(() -> receiver.received().size() == 2);
            await().during(2, SECONDS).atMost(5, SECONDS).until(() -> receiver.received().size() == 2);
        }
    }

    @Test
    void anUpdateThenADeleteAreBothDeliveredUpdateFirst() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        try (Receiver receiver = Receiver.ok()) {
            subscribe(tenant, receiver, "updated");
            subscribe(tenant, receiver, "deleted");
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            List<String> ids = post(ingestKey,
                    noteUpdate(tenant, "acti_gone", "user_1", "draft", "final").add("date_created", time(now)).build(),
                    TestEvents.event(tenant.organizationId(), "activity.note", "acti_gone", "deleted")
                            .add("user_id", "user_1").add("date_created", time(now.plusSeconds(2)))
                            .add("previous_data", Json.createObjectBuilder().add("id", "acti_gone").add("note", "final"))
                            .build());

            List<Receiver.Received> hooks = await().atMost(30, SECONDS).until(receiver::received, r -> r.size() == 2);
            assertEquals(List.of("updated", "deleted"), hooks.stream().map(h -> hookEvent(h).getString("action")).toList());
            assertEquals(ids, hooks.stream().map(h -> hookEvent(h).getString("id")).toList());
            assertEquals("final", hookEvent(hooks.get(0)).getJsonObject("data").getString("note"));
        }
    }

    @Test
    void hiddenUpdatesNeitherMergeIntoVisibleOnesNorShow() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        JsonObject hidden = Json.createObjectBuilder().add("processing_options",
                Json.createObjectBuilder().add("customer_visible", false)).build();
        JsonObject notForWebhooks = Json.createObjectBuilder().add("processing_options",
                Json.createObjectBuilder().add("ignored_consumers", Json.createArrayBuilder().add("webhooks"))).build();
        try (Receiver receiver = Receiver.ok()) {
            subscribe(tenant, receiver, "updated");
            post(ingestKey,
                    noteUpdate(tenant, "acti_mixed", "user_1", "a", "b").build(),
                    noteUpdate(tenant, "acti_mixed", "user_1", "b", "c").add("internal_metadata", hidden).build(),
                    noteUpdate(tenant, "acti_quiet", "user_1", "x", "y").add("internal_metadata", notForWebhooks).build(),
                    noteUpdate(tenant, "acti_quiet", "user_1", "y", "z").add("internal_metadata", notForWebhooks).build());

            // The visible update stays as it was: the hidden one is another origin, so not merged.
            JsonArray mixed = await().atMost(30, SECONDS).until(() -> eventsOf(tenant, "acti_mixed"), e -> e.size() == 1);
            assertEquals("b", mixed.getJsonObject(0).getJsonObject("data").getString("note"));
            assertTrue(!mixed.getJsonObject(0).containsKey("internal_metadata"));
            // Updates the webhooks ignore still consolidate in the log.
            JsonArray quiet = await().atMost(30, SECONDS).until(() -> eventsOf(tenant, "acti_quiet"), e -> e.size() == 1);
            assertEquals("z", quiet.getJsonObject(0).getJsonObject("data").getString("note"));
            assertEquals("x", quiet.getJsonObject(0).getJsonObject("previous_data").getString("note"));

            JsonObject hook = hookEvent(await().atMost(30, SECONDS).until(receiver::received, r -> r.size() == 1).get(0));
            assertEquals("acti_mixed", hook.getString("object_id"));
            assertEquals("b", hook.getJsonObject("data").getString("note"));
            assertTrue(!hook.containsKey("internal_metadata"));
            await().during(2, SECONDS).atMost(5, SECONDS).until(() -> receiver.received().size() == 1);
        }
    }

    @Test
    void aRepeatedUpdateIsNotMergedTwice() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        String firstId = newEventId();
        JsonObject first = noteUpdate(tenant, "acti_retry", "user_1", "a", "b").add("id", firstId).build();
        JsonObject second = noteUpdate(tenant, "acti_retry", "user_1", "b", "c").add("id", newEventId()).build();
        JsonObject third = noteUpdate(tenant, "acti_retry", "user_1", "c", "d").add("id", newEventId()).build();
        post(ingestKey, first, second);
        await().atMost(30, SECONDS).until(() -> eventsOf(tenant, "acti_retry"),
                e -> e.size() == 1 && "c".equals(e.getJsonObject(0).getJsonObject("data").getString("note")));
        long duplicatesBefore = metric("eventlog_ingest_events_duplicate_total");

        // The producer retries the merged update after a later one (one message, so one order):
        // merged again, it would be the newest snapshot and rewind the note to "c".
        post(ingestKey, third, second);
        JsonObject event = await().atMost(30, SECONDS).until(() -> eventsOf(tenant, "acti_retry"),
                e -> e.size() == 1 && "d".equals(e.getJsonObject(0).getJsonObject("data").getString("note"))).getJsonObject(0);
        assertEquals(firstId, event.getString("id"));
        assertEquals("a", event.getJsonObject("previous_data").getString("note"));
        assertEquals(1, metric("eventlog_ingest_events_duplicate_total") - duplicatesBefore);
    }

    @Resource
    UserTransaction transaction;

    @PersistenceContext
    EntityManager em;

    @Test
    void anObjectsLockHoldsBackOnlyThatObject() throws Exception {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        Event held = new Event();
        held.setOrganizationId(tenant.organizationId());
        held.setObjectType("activity.note");
        held.setObjectId("acti_held");
        // Another consumer in the middle of storing an update of acti_held.
        transaction.begin();
        try {
            AdvisoryLocks.lock(em, List.of(Consolidation.lockKey(held)));
            post(ingestKey, noteUpdate(tenant, "acti_held", "user_1", "a", "b").build());
            post(ingestKey, noteUpdate(tenant, "acti_free", "user_1", "a", "b").build());
            await().atMost(30, SECONDS).until(() -> eventsOf(tenant, "acti_free").size() == 1);
            await().during(2, SECONDS).atMost(5, SECONDS).until(() -> eventsOf(tenant, "acti_held").isEmpty());
        } finally {
            transaction.rollback();
        }
        await().atMost(30, SECONDS).until(() -> eventsOf(tenant, "acti_held").size() == 1);
    }

    @Inject
    JMSContext jms;

    @Resource(lookup = Destinations.DISPATCH)
    Queue dispatchQueue;

    @Test
    void aRedeliveredDispatchMessageSendsNothingTwice() throws Exception {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        try (Receiver receiver = Receiver.ok()) {
            subscribe(tenant, receiver, "updated");
            String id = post(ingestKey, noteUpdate(tenant, "acti_again", "user_1", "a", "b").build(),
                    noteUpdate(tenant, "acti_again", "user_1", "b", "c").build()).get(0);
            await().atMost(30, SECONDS).until(() -> receiver.received().size() == 1);

            // The broker hands the (closed) event's dispatch message over once more.
            transaction.begin();
            jms.createProducer().send(dispatchQueue, id);
            transaction.commit();
            await().during(3, SECONDS).atMost(6, SECONDS).until(() -> receiver.received().size() == 1);
            assertEquals("c", hookEvent(receiver.received().get(0)).getJsonObject("data").getString("note"));
        }
    }

    @Test
    void unknownProcessingOptionsAreKeptAndIgnored() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        JsonObject metadata = Json.createObjectBuilder().add("source", "importer").add("processing_options",
                Json.createObjectBuilder().add("customer_visible", true).add("sample_rate", 0.5)).build();
        String id = post(ingestKey, noteUpdate(tenant, "acti_options", "user_1", "a", "b")
                .add("internal_metadata", metadata).build()).get(0);
        JsonObject shown = await().atMost(30, SECONDS).until(() -> eventsOf(tenant, "acti_options"), e -> e.size() == 1)
                .getJsonObject(0);
        assertTrue(!shown.containsKey("internal_metadata"));
        assertEquals(metadata, em.find(Event.class, id).getInternalMetadata());
    }
}
