package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.TestApi.Tenant;
import dev.eventlog.platform.time.Timestamps;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Named consumers keep their position in Eventlog: a restarted consumer resumes where it
 * committed, an operator moves it back to a time to replay exactly what was logged since, each
 * consumer skips what ignored_consumers tells it to, and consumer keys see only what they may.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StreamConsumersIT {

    private static final String CONSUMERS = "/api/v1/internal/consumer/";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private final TestApi api = TestApi.fromClient();

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonObject register(String key, JsonObjectBuilder body) {
        return expect(api.post(CONSUMERS, key, body.build().toString()), 201).json();
    }

    private List<String> post(String ingestKey, List<JsonObject> events) {
        return expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(events)), 202)
                .json().getJsonArray("ids").getValuesAs(JsonString::getString);
    }

    private static List<JsonObject> notes(Tenant tenant, String prefix, int n) {
        List<JsonObject> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(TestEvents.noteCreated(tenant.organizationId(), prefix + i, "u").build());
        }
        return events;
    }

    private JsonObject move(String key, String consumer, JsonObjectBuilder body) {
        return expect(api.put(CONSUMERS + consumer + "/position/", key, body.build().toString()), 200).json();
    }

    /** Reads as the consumer until {@code ids} are all there (they are one message, so they come together). */
    private TestStream.Page readAs(TestStream stream, String consumer, List<String> ids) {
        return await().atMost(30, SECONDS).until(() -> stream.read("consumer", consumer),
                p -> p.eventIds().containsAll(ids));
    }

    @Test
    void aRestartedConsumerResumesAtItsCommittedPositionAndReplaysExactlyFromATime() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        String key = api.newConsumerKey(tenant.organizationId());
        TestStream stream = new TestStream(api, key);
        String consumer = name("indexer");
        JsonObject registered = register(key, Json.createObjectBuilder().add("name", consumer).add("description", "search"));
        assertEquals(tenant.organizationId(), registered.getString("organization_id"), "a scoped key's consumer reads its organization");

        List<String> a = post(ingestKey, notes(tenant, "acti_a", 3));
        TestStream.Page pageA = readAs(stream, consumer, a);
        assertEquals(a, pageA.eventIds());
        // Not committed yet: a consumer that crashes here reads the same again (at least once).
        assertEquals(a, stream.read("consumer", consumer).eventIds());
        JsonObject committed = move(key, consumer, Json.createObjectBuilder().add("position", pageA.next()));
        assertEquals(pageA.next(), committed.getString("position"));
        // "Restarted": the consumer asks with its name only and gets nothing it has processed.
        assertEquals(List.of(), stream.read("consumer", consumer).eventIds());

        String firstOfA = pageA.entries().get(0).json().getString("date_logged");
        String afterA = pageA.entries().get(2).json().getString("date_logged");
        List<String> b = post(ingestKey, notes(tenant, "acti_b", 2));
        TestStream.Page pageB = readAs(stream, consumer, b);
        assertEquals(b, pageB.eventIds());
        move(key, consumer, Json.createObjectBuilder().add("position", pageB.next()));

        // Back to a time just after A's last change: exactly B again.
        String justAfterA = Timestamps.format(LocalDateTime.parse(afterA).plusNanos(1_000));
        move(key, consumer, Json.createObjectBuilder().add("position_at", justAfterA));
        assertEquals(b, stream.read("consumer", consumer).eventIds());
        // Back to A's first change: A and B, in order.
        JsonObject replay = move(key, consumer, Json.createObjectBuilder().add("position_at", firstOfA));
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        assertEquals(all, stream.read("consumer", consumer).eventIds());
        assertEquals(replay.getString("position"), expect(api.get(CONSUMERS + consumer + "/", key), 200).json().getString("position"));
        // The same time resolves to the same position through the stream's own endpoint.
        assertEquals(replay.getString("position"), expect(api.get(TestApi.query("/api/v1/internal/stream/position/",
                "at", firstOfA), key), 200).json().getString("position"));
        // And from the beginning of the log, the whole organization: A and B.
        move(key, consumer, Json.createObjectBuilder().add("start", "beginning"));
        assertEquals(all, stream.read("consumer", consumer).eventIds());
    }

    @Test
    void ignoredConsumersAreSkippedPerConsumerHiddenEventsIncludedAndOwnOptionsPassedOn() {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        String key = api.newConsumerKey(null);
        TestStream stream = new TestStream(api, key);
        String indexer = name("indexer");
        String sync = name("sync");
        register(key, Json.createObjectBuilder().add("name", indexer).add("organization_id", tenant.organizationId())
                .add("options_key", "indexing_options"));
        register(key, Json.createObjectBuilder().add("name", sync).add("organization_id", tenant.organizationId()));

        JsonObject plain = TestEvents.noteCreated(tenant.organizationId(), "acti_plain", "u").build();
        JsonObject notForIndexer = TestEvents.noteCreated(tenant.organizationId(), "acti_noindex", "u")
                .add("internal_metadata", Json.createObjectBuilder().add("processing_options", Json.createObjectBuilder()
                        .add("ignored_consumers", Json.createArrayBuilder().add(indexer).add("webhooks")))).build();
        JsonObject hidden = TestEvents.noteCreated(tenant.organizationId(), "acti_hidden", "u")
                .add("internal_metadata", Json.createObjectBuilder().add("processing_options", Json.createObjectBuilder()
                        .add("customer_visible", false))).build();
        JsonObject withOptions = TestEvents.noteCreated(tenant.organizationId(), "acti_options", "u")
                .add("internal_metadata", Json.createObjectBuilder().add("processing_options", Json.createObjectBuilder()
                        .add("indexing_options", Json.createObjectBuilder().add("boost", 2)))).build();
        List<String> ids = post(ingestKey, List.of(plain, notForIndexer, hidden, withOptions));

        TestStream.Page forSync = readAs(stream, sync, ids);
        assertEquals(ids, forSync.eventIds(), "customer_visible: false events are internal consumers' too");
        TestStream.Page forIndexer = await().atMost(30, SECONDS).until(() -> stream.read("consumer", indexer),
                p -> p.eventIds().contains(ids.get(3)));
        assertEquals(List.of(ids.get(0), ids.get(2), ids.get(3)), forIndexer.eventIds());
        assertEquals(JsonValue.NULL, forIndexer.entries().get(0).json().get("consumer_options"));
        assertEquals(Json.createObjectBuilder().add("boost", 2).build(), forIndexer.entries().get(2).json().get("consumer_options"));
        assertEquals(false, forSync.entries().get(2).event().getJsonObject("internal_metadata")
                .getJsonObject("processing_options").getBoolean("customer_visible"), "internal_metadata is passed on");
        assertTrue(!forSync.entries().get(0).json().containsKey("consumer_options"), "only a consumer with an options_key gets them");
    }

    @Test
    void consumerKeysSeeOnlyWhatTheyMayAndBadInputIsA4xx() {
        Tenant mine = api.newTenant();
        Tenant other = api.newTenant();
        String ingestKey = api.newIngestKey();
        String myKey = api.newConsumerKey(mine.organizationId());
        String allKey = api.newConsumerKey(null);
        String theirs = name("theirs");
        register(allKey, Json.createObjectBuilder().add("name", theirs).add("organization_id", other.organizationId()));

        List<String> otherIds = post(ingestKey, notes(other, "acti_other", 2));
        List<String> myIds = post(ingestKey, notes(mine, "acti_mine", 2));
        TestStream scoped = new TestStream(api, myKey);
        TestStream.Page page = await().atMost(30, SECONDS).until(() -> scoped.read(), p -> p.eventIds().containsAll(myIds));
        assertTrue(page.eventIds().stream().noneMatch(otherIds::contains), "a scoped key reads its organization only");
        TestStream everything = new TestStream(api, allKey);
        await().atMost(30, SECONDS).until(() -> readAll(everything, "organization_id", other.organizationId()).containsAll(otherIds));

        assertEquals(403, api.get(TestApi.query("/api/v1/internal/stream/", "organization_id", other.organizationId()), myKey).status());
        assertEquals(404, api.get(CONSUMERS + theirs + "/", myKey).status(), "another organization's consumer is unknown");
        assertEquals(404, api.get(TestApi.query("/api/v1/internal/stream/", "consumer", theirs), myKey).status());
        assertEquals(403, api.post(CONSUMERS, myKey, Json.createObjectBuilder().add("name", name("x"))
                .add("organization_id", other.organizationId()).build().toString()).status());
        assertTrue(expect(api.get(CONSUMERS, myKey), 200).data().getValuesAs(JsonObject.class).stream()
                .noneMatch(c -> c.getString("name").equals(theirs)));
        assertEquals(409, api.post(CONSUMERS, allKey, Json.createObjectBuilder().add("name", theirs).build().toString()).status());

        // Other credentials are refused; so is every malformed parameter or body, in the API's format.
        assertEquals(401, api.get("/api/v1/internal/stream/", ingestKey).status());
        assertEquals(401, api.get("/api/v1/internal/stream/", mine.adminKey()).status());
        assertEquals(401, api.get("/api/v1/internal/stream/", null).status());
        for (String[] bad : List.of(new String[] {"after", "zz"}, new String[] {"limit", "0"}, new String[] {"limit", "x"},
                new String[] {"wait", "-1"}, new String[] {"wait", "1.5"}, new String[] {"colour", "red"})) {
            TestApi.Reply reply = api.get(TestApi.query("/api/v1/internal/stream/", bad), allKey);
            assertEquals(400, reply.status(), String.join("=", bad));
            assertTrue(reply.json().getJsonObject("field-errors").containsKey(bad[0]), reply.text());
        }
        for (String body : List.of("{}", "{\"name\": \"event_log\"}", "{\"name\": \"a b\"}", "{\"name\": \"x\", \"start\": \"later\"}",
                "{\"name\": \"x\", \"position\": \"12\"}", "{\"name\": \"x\", \"position_at\": \"yesterday\"}", "[1]", "{\"name\": 1}")) {
            TestApi.Reply reply = api.post(CONSUMERS, allKey, body);
            assertEquals(400, reply.status(), body + " -> " + reply.text());
        }
        for (String body : List.of("{}", "{\"position\": \"x\"}", "{\"start\": \"now\", \"position_at\": \"2026-01-01\"}")) {
            assertEquals(400, api.put(CONSUMERS + theirs + "/position/", allKey, body).status(), body);
        }
        expect(api.send("DELETE", CONSUMERS + theirs + "/", allKey, null), 204);
        assertEquals(404, api.get(CONSUMERS + theirs + "/", allKey).status());
    }

    /** Every entry after the start, page by page, as one list of event ids. */
    private static List<String> readAll(TestStream stream, String... params) {
        List<String> ids = new ArrayList<>();
        String after = "0000000000000000-0000000000000000";
        while (true) {
            List<String> p = new ArrayList<>(List.of(params));
            p.add("after");
            p.add(after);
            p.add("limit");
            p.add("1000");
            TestStream.Page page = stream.read(p.toArray(String[]::new));
            ids.addAll(page.eventIds());
            after = page.next();
            if (!page.hasMore()) {
                return ids;
            }
        }
    }
}
