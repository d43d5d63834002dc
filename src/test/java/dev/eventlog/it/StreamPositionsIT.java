package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.TestApi.Tenant;
import dev.eventlog.platform.id.Ids;
import jakarta.annotation.Resource;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stream's positions never skip a committed change (DESIGN.md §11): a change that commits
 * late, behind later ones, is read in its turn, where the Event Log API's cursor_previous polling
 * passes it by; many producers on several ingest sessions are read back with no gap and no
 * repeat; a merge moves its event to a new position.
 */
@ExtendWith(ArquillianExtension.class)
class StreamPositionsIT {

    private static final Logger LOG = Logger.getLogger(StreamPositionsIT.class.getName());

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    private final TestApi api = TestApi.inServer();

    private String post(String ingestKey, JsonObject event) {
        return expect(api.post("/api/v1/internal/event/", ingestKey, event.toString()), 202)
                .json().getJsonArray("ids").getString(0);
    }

    /** A new organization, an ingest key, a consumer key for that organization, and the stream's head before anything. */
    private record Fixture(Tenant tenant, String ingestKey, TestStream stream, String start) {
        Fixture(TestApi api, Tenant tenant, TestStream stream) {
            this(tenant, api.newIngestKey(), stream, stream.head());
        }

        Fixture(TestApi api) {
            this(api, api.newTenant());
        }

        private Fixture(TestApi api, Tenant tenant) {
            this(api, tenant, new TestStream(api, api.newConsumerKey(tenant.organizationId())));
        }
    }

    /** A created note written straight into the table, as a writer outside Eventlog (or an older version) would. */
    private static void insertNote(Connection db, String id, String organizationId, String objectId, String data)
            throws java.sql.SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO event (id, organization_id, object_type, object_id, "
                + "action, data, previous_data, changed_fields, date_created, date_updated) "
                + "VALUES (?, ?, 'activity.note', ?, 'created', CAST(? AS jsonb), '{}', '[]', ?, ?)")) {
            Timestamp now = Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC));
            insert.setString(1, id);
            insert.setString(2, organizationId);
            insert.setString(3, objectId);
            insert.setString(4, data);
            insert.setTimestamp(5, now);
            insert.setTimestamp(6, now);
            insert.executeUpdate();
        }
    }

    /** What a client of the Event Log API following it with cursor_previous would hold. */
    private static final class CursorPoller {
        final TestApi api;
        final Tenant tenant;
        String cursor;
        final Set<String> seen = ConcurrentHashMap.newKeySet();

        CursorPoller(TestApi api, Tenant tenant) {
            this.api = api;
            this.tenant = tenant;
            JsonObject first = expect(api.get("/api/v1/event/", tenant.adminKey()), 200).json();
            first.getJsonArray("data").getValuesAs(JsonObject.class).forEach(e -> seen.add(e.getString("id")));
            cursor = first.getString("cursor_previous");
        }

        /** One poll; true when it found nothing newer. */
        boolean poll() {
            JsonObject page = expect(api.get(TestApi.query("/api/v1/event/", "_cursor", cursor), tenant.adminKey()), 200).json();
            page.getJsonArray("data").getValuesAs(JsonObject.class).forEach(e -> seen.add(e.getString("id")));
            cursor = page.getString("cursor_previous");
            return page.getJsonArray("data").isEmpty();
        }
    }

    @Test
    void aChangeThatCommitsLateIsReadInItsTurnWhileTheCursorPollerPassesItBy() throws Exception {
        Fixture fixture = new Fixture(api);
        Tenant tenant = fixture.tenant();
        String ingestKey = fixture.ingestKey();
        TestStream stream = fixture.stream();
        String start = fixture.start();

        String first = post(ingestKey, TestEvents.noteCreated(tenant.organizationId(), "acti_first", "u").build());
        TestStream.Page firstPage = await().atMost(30, SECONDS).until(() -> stream.read("after", start), p -> !p.entries().isEmpty());
        assertEquals(List.of(first), firstPage.eventIds());
        CursorPoller poller = await().atMost(30, SECONDS).until(() -> new CursorPoller(api, tenant), p -> p.seen.contains(first));

        try (Connection slow = dataSource.getConnection()) {
            // A writer whose transaction began before the next event's and commits after it, as an
            // ingest session that stalls does: its row's date_updated is the earlier of the two.
            slow.setAutoCommit(false);
            String late = Ids.newId("ev_", Clock.systemUTC());
            insertNote(slow, late, tenant.organizationId(), "acti_late", "{}");
            String second = post(ingestKey, TestEvents.noteCreated(tenant.organizationId(), "acti_second", "u").build());
            await().atMost(30, SECONDS).until(() -> api.get("/api/v1/event/" + second + "/", tenant.adminKey()).status() == 200);

            // Committed, but behind a transaction still open: the stream holds it back...
            TestStream.Page held = stream.read("after", firstPage.next());
            assertEquals(List.of(), held.eventIds(), "nothing passes a transaction still in progress");
            assertFalse(held.hasMore());
            // ...while the cursor poller takes it, and moves its cursor past the open one.
            await().atMost(30, SECONDS).until(() -> {
                poller.poll();
                return poller.seen.contains(second);
            });

            CompletableFuture<TestStream.Page> longPoll = CompletableFuture.supplyAsync(
                    () -> stream.read("after", held.next(), "wait", "20"));
            await().during(300, MILLISECONDS).atMost(5, SECONDS).until(() -> !longPoll.isDone());
            long committedAt = System.nanoTime();
            slow.commit();

            TestStream.Page released = longPoll.get(15, SECONDS);
            LOG.info(() -> "long-poll answered " + (System.nanoTime() - committedAt) / 1_000_000 + " ms after the late commit");
            assertEquals(List.of(late, second), released.eventIds(), "both, in the order of their transactions");
            assertTrue(released.entries().get(0).position().compareTo(released.entries().get(1).position()) < 0);
            assertTrue(released.entries().get(0).position().compareTo(firstPage.entries().get(0).position()) > 0);

            // The poller's cursor is past the late event's date_updated: it never sees it, although
            // the API serves it.
            assertTrue(poller.poll(), "nothing newer for the poller");
            assertFalse(poller.seen.contains(late), "cursor_previous polling missed the late commit");
            expect(api.get("/api/v1/event/" + late + "/", tenant.adminKey()), 200);
        }
    }

    @Test
    void concurrentProducersAreReadWithNoGapAndNoRepeat() throws Exception {
        Fixture fixture = new Fixture(api);
        Tenant tenant = fixture.tenant();
        String ingestKey = fixture.ingestKey();
        TestStream stream = fixture.stream();
        String start = fixture.start();
        String seed = post(ingestKey, TestEvents.noteCreated(tenant.organizationId(), "acti_seed", "u").build());
        await().atMost(30, SECONDS).until(() -> api.get("/api/v1/event/" + seed + "/", tenant.adminKey()).status() == 200);
        CursorPoller poller = new CursorPoller(api, tenant);

        int producers = 8;
        int requests = 30;
        int perRequest = 25;
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        accepted.add(seed);
        List<String> read = Collections.synchronizedList(new ArrayList<>());
        Set<String> readSet = ConcurrentHashMap.newKeySet();
        List<String> positions = Collections.synchronizedList(new ArrayList<>());
        List<String> updated = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean producing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(producers + 2);
        try {
            Future<?> consumer = pool.submit(() -> {
                String after = start;
                while (producing.get() || !readSet.containsAll(accepted)) {
                    TestStream.Page page = stream.read("after", after, "limit", "200", "wait", "1");
                    page.entries().forEach(e -> {
                        read.add(e.eventId());
                        readSet.add(e.eventId());
                        positions.add(e.position());
                        updated.add(e.event().getString("date_updated"));
                    });
                    after = page.next();
                }
                return null;
            });
            Future<?> cursorPolling = pool.submit(() -> {
                while (producing.get()) {
                    poller.poll();
                }
                return null;
            });
            List<Future<?>> sent = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                sent.add(pool.submit(() -> {
                    for (int r = 0; r < requests; r++) {
                        List<JsonObject> batch = new ArrayList<>();
                        for (int i = 0; i < perRequest; i++) {
                            batch.add(TestEvents.noteCreated(tenant.organizationId(), "acti_p" + producer + "_" + r + "_" + i, "u").build());
                        }
                        expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(batch)), 202).json()
                                .getJsonArray("ids").getValuesAs(JsonString.class).forEach(id -> accepted.add(id.getString()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get(5, MINUTES);
            }
            producing.set(false);
            cursorPolling.get(1, MINUTES);
            consumer.get(2, MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1 + producers * requests * perRequest, accepted.size());
        assertEquals(accepted.size(), read.size(), "each change read once: no repeat");
        assertEquals(accepted, new LinkedHashSet<>(read), "every accepted event read: no gap");
        for (int i = 1; i < positions.size(); i++) {
            assertTrue(positions.get(i - 1).compareTo(positions.get(i)) < 0, "positions only grow");
        }

        // The cursor poller, for comparison: what it passed by is reported, not asserted (it
        // depends on how the ingest sessions' commits interleave; the test above forces one).
        await().atMost(60, SECONDS).until(poller::poll);
        Set<String> missed = new LinkedHashSet<>(accepted);
        missed.removeAll(poller.seen);
        // Events that committed after one with a later date_updated: each is a chance for a
        // cursor_previous poller to pass it by.
        int inversions = 0;
        String latest = "";
        for (String u : updated) {
            if (u.compareTo(latest) < 0) {
                inversions++;
            } else {
                latest = u;
            }
        }
        int outOfOrder = inversions;
        LOG.info(() -> "stream read " + read.size() + " of " + accepted.size() + " events; " + outOfOrder
                + " committed behind a later date_updated; cursor_previous polling missed " + missed.size());
    }

    /** Valid jsonb nested deeper than JSON-P reads, as an older version or another tool could store it. */
    @Test
    void aRowWhoseJsonCannotBeReadIsInTheStreamWithoutItAndReadersGoOnPastIt() throws Exception {
        Fixture fixture = new Fixture(api);
        String unreadable = Ids.newId("ev_", Clock.systemUTC());
        try (Connection db = dataSource.getConnection()) {
            insertNote(db, unreadable, fixture.tenant().organizationId(), "acti_deep",
                    "{\"note\": " + "[".repeat(1_500) + "]".repeat(1_500) + "}");
        }
        String after = post(fixture.ingestKey(), TestEvents.noteCreated(fixture.tenant().organizationId(), "acti_after", "u").build());
        TestStream.Page page = await().atMost(30, SECONDS).until(() -> fixture.stream().read("after", fixture.start()),
                p -> p.eventIds().contains(after));
        assertEquals(List.of(unreadable, after), page.eventIds());
        TestStream.Entry deep = page.entries().get(0);
        assertEquals(Json.createArrayBuilder().add("data").build(), deep.json().getJsonArray("unreadable_fields"));
        assertTrue(TestApi.isNull(deep.event(), "data"), deep.json().toString());
        assertEquals("acti_deep", deep.event().getString("object_id"));
        assertFalse(page.entries().get(1).json().containsKey("unreadable_fields"));
    }

    @Test
    void aMergeMovesItsEventToANewPositionWithTheMergedState() {
        Fixture fixture = new Fixture(api);
        Tenant tenant = fixture.tenant();
        String ingestKey = fixture.ingestKey();
        TestStream stream = fixture.stream();
        String start = fixture.start();
        JsonObject firstUpdate = TestEvents.event(tenant.organizationId(), "lead", "lead_merge", "updated")
                .add("user_id", "u")
                .add("before", Json.createObjectBuilder().add("name", "A").add("status", "open"))
                .add("after", Json.createObjectBuilder().add("name", "B").add("status", "open")).build();
        String id = post(ingestKey, firstUpdate);
        TestStream.Page first = await().atMost(30, SECONDS).until(() -> stream.read("after", start), p -> !p.entries().isEmpty());
        assertEquals(List.of(id), first.eventIds());

        JsonObject secondUpdate = TestEvents.event(tenant.organizationId(), "lead", "lead_merge", "updated")
                .add("user_id", "u")
                .add("before", Json.createObjectBuilder().add("name", "B").add("status", "open"))
                .add("after", Json.createObjectBuilder().add("name", "B").add("status", "won")).build();
        post(ingestKey, secondUpdate);
        TestStream.Page merged = await().atMost(30, SECONDS).until(() -> stream.read("after", first.next()), p -> !p.entries().isEmpty());
        assertEquals(List.of(id), merged.eventIds(), "the merge is the same event again");
        JsonObject event = merged.entries().get(0).event();
        assertEquals("won", event.getJsonObject("data").getString("status"));
        assertEquals(List.of("name", "status"), event.getJsonArray("changed_fields").getValuesAs(JsonString::getString));
        assertTrue(merged.entries().get(0).position().compareTo(first.entries().get(0).position()) > 0);
        // Read from the start again, the event is there once, in its merged state only.
        assertEquals(List.of(id), stream.read("after", start).eventIds());
    }
}
