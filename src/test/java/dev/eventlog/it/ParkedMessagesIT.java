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
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parked ingest messages, as an operator meets them: a remote producer's bad message is listed
 * with its reason, counted in the metrics and readiness, replayed (and parked again while it is
 * still bad) and discarded. Dead letters are made the way the broker makes them, through
 * WildFly's management API (the ingest MDB stopped meanwhile), which also exercises the console
 * operations the README describes.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ParkedMessagesIT {

    private static final String PARKED = "/api/v1/system/parked/";
    private static final String UNKNOWN_ID = "ID:00000000-0000-0000-0000-000000000000";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @ArquillianResource
    ManagementClient management;

    private final TestApi api = TestApi.fromClient();

    /** Every message of a parked queue, page by page. */
    private List<JsonObject> listAll(String queue) {
        List<JsonObject> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = expect(api.get(TestApi.query(PARKED, "queue", queue, "_limit", "100")
                    + (cursor == null ? "" : "&_cursor=" + cursor), TestApi.SYSTEM_TOKEN), 200).json();
            all.addAll(page.getJsonArray("data").getValuesAs(JsonObject.class));
            cursor = page.isNull("cursor_next") ? null : page.getString("cursor_next");
        } while (cursor != null);
        return all;
    }

    private List<JsonObject> parkedWith(String queue, String marker) {
        return listAll(queue).stream().filter(m -> !m.isNull("body_preview") && m.getString("body_preview").contains(marker)).toList();
    }

    private List<JsonObject> awaitParked(String queue, String marker, int count) {
        return await().atMost(30, SECONDS).until(() -> parkedWith(queue, marker), found -> found.size() == count);
    }

    private long parkedCount(String queue) {
        String metrics = expect(api.get("/api/v1/system/metrics/", TestApi.SYSTEM_TOKEN), 200).text();
        Matcher m = Pattern.compile("(?m)^eventlog_ingest_parked_messages\\{queue=\"" + queue + "\"} (\\d+)$").matcher(metrics);
        assertTrue(m.find(), metrics);
        return Long.parseLong(m.group(1));
    }

    private static JsonObject readinessOfJms() throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + Integer.getInteger("eventlog.test.management-port") + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject health = Json.createReader(new StringReader(ready.body())).readObject();
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("jms")).findFirst().orElseThrow(() -> new AssertionError(ready.body()));
    }

    private static String badJson(String marker) {
        return "[{\"organization_id\": \"orga_x\", \"note\": \"" + marker + "\"";
    }

    @Test
    void aRemoteProducersBadMessageIsListedCountedReplayedAndDiscarded() throws Exception {
        String marker = "bad_" + UUID.randomUUID();
        String body = badJson(marker);
        long before = parkedCount("rejected");

        String sent = RemoteProducer.send(body);

        JsonObject parked = awaitParked("rejected", marker, 1).get(0);
        String id = parked.getString("id");
        assertTrue(id.startsWith("ID:"), parked.toString());
        assertEquals("rejected", parked.getString("queue"));
        assertEquals(sent, parked.getString("original_message_id"));
        assertFalse(parked.getString("reason").isBlank(), parked.toString());
        assertEquals(body.getBytes(StandardCharsets.UTF_8).length, parked.getInt("size"));
        assertEquals(body, parked.getString("body_preview"));
        assertFalse(parked.getBoolean("body_truncated"));
        assertTrue(parked.getString("date_parked").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}"), parked.toString());
        assertEquals(body, expect(api.get(PARKED + id + "/", TestApi.SYSTEM_TOKEN), 200).json().getString("body"));
        assertEquals(before + 1, parkedCount("rejected"));
        JsonObject jms = readinessOfJms();
        assertEquals("UP", jms.getString("status"), "parked messages do not make the node unready");
        assertTrue(jms.getJsonObject("data").getJsonNumber("parked_rejected").longValue() >= 1, jms.toString());

        // Still bad: the consumer refuses it again and it comes back under a new id.
        JsonObject replayed = expect(api.post(PARKED + id + "/replay/", TestApi.SYSTEM_TOKEN, null), 200).json();
        assertEquals(id, replayed.getJsonObject("replayed").getString("id"));
        String ingestId = replayed.getString("ingest_message_id");
        JsonObject again = await().atMost(30, SECONDS).until(() -> parkedWith("rejected", marker),
                found -> found.size() == 1 && !found.get(0).getString("id").equals(id)).get(0);
        assertEquals(ingestId, again.getString("original_message_id"));
        assertEquals(404, api.get(PARKED + id + "/", TestApi.SYSTEM_TOKEN).status());
        assertEquals(before + 1, parkedCount("rejected"), "a replay moves the message, it does not copy it");

        Reply discarded = api.send("DELETE", PARKED + again.getString("id") + "/", TestApi.SYSTEM_TOKEN, null);
        assertEquals(204, discarded.status(), discarded.text());
        assertEquals(404, api.get(PARKED + again.getString("id") + "/", TestApi.SYSTEM_TOKEN).status());
        assertEquals(404, api.send("DELETE", PARKED + again.getString("id") + "/", TestApi.SYSTEM_TOKEN, null).status());
        assertEquals(List.of(), parkedWith("rejected", marker));
        assertEquals(before, parkedCount("rejected"));
    }

    @Test
    void anEventWithAnUnknownFieldIsParkedWithTheFieldNamed() throws Exception {
        String marker = "colour_" + UUID.randomUUID();
        RemoteProducer.send(TestEvents.batch(List.of(TestEvents.noteCreated("orga_x", "acti_c", "user_c").add("colour", marker).build())));

        JsonObject parked = awaitParked("rejected", marker, 1).get(0);
        assertTrue(parked.getString("reason").contains("colour"), parked.toString());
        assertTrue(parked.getString("reason").contains("Unknown field"), parked.toString());
        assertEquals(204, api.send("DELETE", PARKED + parked.getString("id") + "/", TestApi.SYSTEM_TOKEN, null).status());
    }

    @Test
    void aDeadLetteredMessageIsListedAndItsReplayStoresItsEventAsFirstSent() throws Exception {
        Tenant tenant = api.newTenant();
        String objectId = "acti_dead" + UUID.randomUUID().toString().replace("-", "");
        String body = TestEvents.batch(List.of(TestEvents.noteCreated(tenant.organizationId(), objectId, "user_d").build()));
        long deadBefore = parkedCount("dead");
        ServerManagement server = new ServerManagement(management);
        String sent;
        server.setDelivery("IngestMDB", false);
        try {
            sent = RemoteProducer.send(body);
            String filter = "AMQUserID = '" + sent + "'";
            await().atMost(30, SECONDS).until(() -> server.queueOperation("eventlog.ingest", "list-messages", "filter", filter).asList().size() == 1);
            // What the broker does after the last failed delivery: route it to the ingest queue's dead-letter address.
            server.queueOperation("eventlog.ingest", "send-messages-to-dead-letter-address", "filter", filter);
        } finally {
            server.setDelivery("IngestMDB", true);
        }

        JsonObject dead = awaitParked("dead", objectId, 1).get(0);
        assertEquals("dead", dead.getString("queue"));
        assertTrue(dead.getString("reason").startsWith("Exhausted its redeliveries"), dead.toString());
        assertEquals(sent, dead.getString("id"), "the broker moves the ingest message itself");
        assertEquals(sent, dead.getString("original_message_id"));
        assertEquals(deadBefore + 1, parkedCount("dead"));
        assertEquals(deadBefore + 1, readinessOfJms().getJsonObject("data").getJsonNumber("parked_dead").longValue());

        expect(api.post(PARKED + dead.getString("id") + "/replay/", TestApi.SYSTEM_TOKEN, null), 200);

        JsonArray events = await().atMost(30, SECONDS).until(() -> expect(api.get(
                TestApi.query("/api/v1/event/", "object_id", objectId), tenant.adminKey()), 200).data(), data -> data.size() == 1);
        // The replay carried the producer's send time: the default date_created is when it was sent, not replayed.
        assertEquals(dead.getString("date_parked"), events.getJsonObject(0).getString("date_created"));
        assertEquals(List.of(), parkedWith("dead", objectId));
        assertEquals(deadBefore, parkedCount("dead"));
    }

    @Test
    void replayAllMovesEveryRejectedMessageOnceAndAGoodOneIsStored() throws Exception {
        Tenant tenant = api.newTenant();
        String marker = "all_" + UUID.randomUUID();
        String objectId = "acti_good" + UUID.randomUUID().toString().replace("-", "");
        ServerManagement server = new ServerManagement(management);
        server.setDelivery("IngestMDB", false);
        try {
            String good = RemoteProducer.send(TestEvents.batch(List.of(TestEvents.noteCreated(tenant.organizationId(), objectId, "user_g").build())));
            String filter = "AMQUserID = '" + good + "'";
            await().atMost(30, SECONDS).until(() -> server.queueOperation("eventlog.ingest", "list-messages", "filter", filter).asList().size() == 1);
            // A good message on the rejected queue, as the console's move-messages puts it there.
            server.queueOperation("eventlog.ingest", "move-messages", "filter", filter,
                    "other-queue-name", "jms.queue.eventlog.ingest.rejected");
        } finally {
            server.setDelivery("IngestMDB", true);
        }
        await().atMost(30, SECONDS).until(() -> parkedWith("rejected", objectId).size() == 1);
        RemoteProducer.send(badJson(marker + "_1"));
        RemoteProducer.send(badJson(marker + "_2"));
        Set<String> before = new HashSet<>(awaitParked("rejected", marker, 2).stream().map(m -> m.getString("id")).toList());

        JsonObject answer = expect(api.post(TestApi.query(PARKED + "replay/", "queue", "rejected"), TestApi.SYSTEM_TOKEN, null), 200).json();

        assertTrue(answer.getInt("replayed") >= 3, answer.toString());
        assertFalse(answer.getBoolean("more"), answer.toString());
        await().atMost(30, SECONDS).until(() -> expect(api.get(
                TestApi.query("/api/v1/event/", "object_id", objectId), tenant.adminKey()), 200).data().size() == 1);
        // The bad ones are refused again and wait once more, each exactly once, under new ids.
        List<JsonObject> again = awaitParked("rejected", marker, 2);
        again.forEach(m -> assertFalse(before.contains(m.getString("id")), m.toString()));
        assertEquals(List.of(), parkedWith("rejected", objectId));
        again.forEach(m -> expect(api.send("DELETE", PARKED + m.getString("id") + "/", TestApi.SYSTEM_TOKEN, null), 204));
    }

    @Test
    void listsOldestFirstAndPagesWithTheCursor() throws Exception {
        String marker = "page_" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            RemoteProducer.send(badJson(marker + "_" + i));
        }
        awaitParked("rejected", marker, 3);

        List<JsonObject> walked = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = expect(api.get(TestApi.query(PARKED, "queue", "rejected", "_limit", "1")
                    + (cursor == null ? "" : "&_cursor=" + cursor), TestApi.SYSTEM_TOKEN), 200).json();
            assertTrue(page.getJsonArray("data").size() <= 1, page.toString());
            walked.addAll(page.getJsonArray("data").getValuesAs(JsonObject.class));
            cursor = page.isNull("cursor_next") ? null : page.getString("cursor_next");
        } while (cursor != null && walked.size() < 1000);

        assertEquals(listAll("rejected").stream().map(m -> m.getString("id")).toList(), walked.stream().map(m -> m.getString("id")).toList());
        assertEquals(walked.size(), new HashSet<>(walked.stream().map(m -> m.getString("id")).toList()).size(), "no message twice");
        for (int i = 1; i < walked.size(); i++) {
            assertTrue(walked.get(i - 1).getString("date_parked").compareTo(walked.get(i).getString("date_parked")) <= 0,
                    "oldest first: " + walked);
        }
        List<JsonObject> mine = walked.stream().filter(m -> m.getString("body_preview").contains(marker)).toList();
        assertEquals(3, mine.size());
        mine.forEach(m -> expect(api.send("DELETE", PARKED + m.getString("id") + "/", TestApi.SYSTEM_TOKEN, null), 204));
    }

    @Test
    void takesOnlyTheSystemToken() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        for (String key : new String[] {tenant.adminKey(), ingestKey, null}) {
            for (Reply reply : List.of(
                    api.get(TestApi.query(PARKED, "queue", "rejected"), key),
                    api.get(PARKED + UNKNOWN_ID + "/", key),
                    api.post(PARKED + UNKNOWN_ID + "/replay/", key, null),
                    api.post(TestApi.query(PARKED + "replay/", "queue", "rejected"), key, null),
                    api.send("DELETE", PARKED + UNKNOWN_ID + "/", key, null))) {
                assertEquals(401, reply.status(), reply.text());
                assertFalse(reply.json().getString("error").isBlank());
            }
        }
    }

    @Test
    void badParametersAreFieldErrorsAndUnknownIdsNotFound() {
        JsonObject errors = expect(api.get(TestApi.query(PARKED, "queue", "DLQ", "_limit", "0", "_cursor", "junk", "limit", "5"),
                TestApi.SYSTEM_TOKEN), 400).json();
        assertEquals(0, errors.getJsonArray("errors").size());
        JsonObject fields = errors.getJsonObject("field-errors");
        assertEquals(Set.of("queue", "_limit", "_cursor", "limit"), fields.keySet(), errors.toString());
        assertEquals("Required: rejected or dead.", fields.getString("queue"));
        expect(api.get(PARKED, TestApi.SYSTEM_TOKEN), 400);
        expect(api.post(TestApi.query(PARKED + "replay/", "queue", "everything"), TestApi.SYSTEM_TOKEN, null), 400);

        // Ids that could break out of a selector never reach one.
        for (String id : List.of("ID:x'%20OR%20'1'%3D'1", "ID:x%27", "ID:x%00", "ID:x%22", "not-an-id")) {
            for (Reply reply : List.of(api.get(PARKED + id + "/", TestApi.SYSTEM_TOKEN),
                    api.post(PARKED + id + "/replay/", TestApi.SYSTEM_TOKEN, null),
                    api.send("DELETE", PARKED + id + "/", TestApi.SYSTEM_TOKEN, null))) {
                assertEquals(400, reply.status(), id + ": " + reply.text());
                // U+0000 is refused for every path before any resource runs (UnstorableUriFilter).
                assertTrue(id.contains("%00") ? reply.json().getString("error").contains("U+0000")
                        : reply.json().getJsonObject("field-errors").containsKey("id"), reply.text());
            }
        }
        for (Reply reply : List.of(api.get(PARKED + UNKNOWN_ID + "/", TestApi.SYSTEM_TOKEN),
                api.post(PARKED + UNKNOWN_ID + "/replay/", TestApi.SYSTEM_TOKEN, null),
                api.send("DELETE", PARKED + UNKNOWN_ID + "/", TestApi.SYSTEM_TOKEN, null))) {
            assertEquals(404, reply.status(), reply.text());
            assertEquals("Not found.", reply.json().getString("error"));
        }
    }

    @Test
    void theIngestQueuesAddressSettingKeepsTheRedeliveryPolicyOfTheOthers() throws IOException {
        ServerManagement server = new ServerManagement(management);
        ModelNode ingest = server.addressSetting("jms.queue.eventlog.ingest");
        ModelNode others = server.addressSetting("jms.queue.eventlog.#");
        assertEquals("jms.queue.eventlog.ingest.dead", ingest.get("dead-letter-address").asString());
        assertEquals("jms.queue.DLQ", others.get("dead-letter-address").asString());
        for (String attribute : List.of("expiry-address", "redelivery-delay", "redelivery-multiplier", "max-redelivery-delay",
                "max-delivery-attempts", "max-size-bytes")) {
            assertEquals(others.get(attribute), ingest.get(attribute), attribute);
        }
        assertEquals(0, server.queueAttribute("eventlog.ingest.dead", "consumer-count").asInt(), "the queue exists, unconsumed");
    }
}
