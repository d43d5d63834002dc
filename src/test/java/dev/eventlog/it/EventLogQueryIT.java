package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static dev.eventlog.it.TestApi.query;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.TestApi.Tenant;
import jakarta.json.JsonObject;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A few hundred events with known attributes; every filter (alone and combined), the date range
 * operators and cursor paging in both directions are checked against the expected subset.
 */
@ExtendWith(ArquillianExtension.class)
class EventLogQueryIT {

    private static final int EVENTS = 240;
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final LocalDateTime BASE = LocalDateTime.now(java.time.ZoneOffset.UTC).minusHours(2).withNano(0);

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private static final TestApi API = TestApi.inServer();
    private static Tenant tenant;
    /** What was posted, newest first: the order the API must return. */
    private static List<Posted> posted;

    record Posted(String id, String type, String objectId, String action, String lead, String user, String request,
                  LocalDateTime updated) {
    }

    /**
     * Posted once, lazily, by the first test to run: Arquillian runs @BeforeAll on the client,
     * outside the server, so in-server fixtures are built from inside a test instead.
     */
    private static synchronized void postEvents() {
        if (posted != null) {
            return;
        }
        tenant = API.newTenant();
        String ingestKey = API.newIngestKey();
        List<JsonObject> batch = new ArrayList<>();
        List<Posted> all = new ArrayList<>();
        String[] types = {"lead", "activity.note", "opportunity"};
        String[] actions = {"created", "updated", "deleted"};
        for (int i = 0; i < EVENTS; i++) {
            String type = types[i % 3];
            String action = actions[(i / 3) % 3];
            String objectId = "obj_" + (i % 17);
            String lead = type.equals("lead") ? objectId : "lead_" + (i % 5);
            String user = "user_" + (i % 4);
            String request = "req_" + (i % 10);
            // Every fourth event shares its timestamp with the previous one: ties are ordered by id.
            LocalDateTime updated = BASE.plusSeconds(i - (i % 4 == 3 ? 1 : 0));
            batch.add(TestEvents.event(tenant.organizationId(), type, objectId, action)
                    .add("lead_id", lead).add("user_id", user).add("request_id", request)
                    .add("date_created", MICROS.format(updated)).add("date_updated", MICROS.format(updated))
                    .build());
            all.add(new Posted(null, type, objectId, action, lead, user, request, updated));
        }
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < EVENTS; from += 100) {
            expect(API.post("/api/v1/internal/event/", ingestKey,
                    TestEvents.batch(batch.subList(from, Math.min(EVENTS, from + 100)))), 202)
                    .json().getJsonArray("ids").getValuesAs(jakarta.json.JsonString.class)
                    .forEach(s -> ids.add(s.getString()));
        }
        List<Posted> withIds = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Posted p = all.get(i);
            withIds.add(new Posted(ids.get(i), p.type, p.objectId, p.action, p.lead, p.user, p.request, p.updated));
        }
        withIds.sort(Comparator.comparing(Posted::updated).thenComparing(Posted::id).reversed());
        await().atMost(60, SECONDS).until(() -> collect("/api/v1/event/?_limit=50").size() == EVENTS);
        posted = withIds;
    }

    /** Follows cursor_next to the end and returns the ids in the order served. */
    private static List<String> collect(String path) {
        String separator = path.contains("?") ? "&" : "?";
        List<String> ids = new ArrayList<>();
        String url = path;
        while (url != null) {
            JsonObject page = expect(API.get(url, tenant.adminKey()), 200).json();
            page.getJsonArray("data").getValuesAs(JsonObject.class).forEach(e -> ids.add(e.getString("id")));
            url = TestApi.isNull(page, "cursor_next") ? null : path + separator + "_cursor=" + page.getString("cursor_next");
        }
        return ids;
    }

    private static List<String> expected(Predicate<Posted> filter) {
        return posted.stream().filter(filter).map(Posted::id).toList();
    }

    @Test
    void pagesThroughEverythingNewestFirstWithoutGapsOrRepeats() {
        postEvents();
        List<String> served = collect("/api/v1/event/?_limit=50");
        assertEquals(expected(p -> true), served);
        assertEquals(EVENTS, new HashSet<>(served).size());
    }

    @Test
    void eachFilterAndCombinationReturnsExactlyItsSubset() {
        postEvents();
        assertEquals(expected(p -> p.type.equals("lead")), collect(query("/api/v1/event/", "object_type", "lead", "_limit", "30")));
        assertEquals(expected(p -> p.objectId.equals("obj_3")), collect(query("/api/v1/event/", "object_id", "obj_3")));
        assertEquals(expected(p -> p.action.equals("deleted")), collect(query("/api/v1/event/", "action", "deleted")));
        assertEquals(expected(p -> p.lead.equals("lead_2")), collect(query("/api/v1/event/", "lead_id", "lead_2")));
        assertEquals(expected(p -> p.user.equals("user_1")), collect(query("/api/v1/event/", "user_id", "user_1")));
        assertEquals(expected(p -> p.request.equals("req_7")), collect(query("/api/v1/event/", "request_id", "req_7")));
        assertEquals(expected(p -> p.type.equals("activity.note") && p.action.equals("updated") && p.user.equals("user_2")),
                collect(query("/api/v1/event/", "object_type", "activity.note", "action", "updated", "user_id", "user_2")));
    }

    @Test
    void dateRangeOperatorsAreExclusiveAndInclusiveAsNamed() {
        postEvents();
        LocalDateTime from = BASE.plusSeconds(50);
        LocalDateTime to = BASE.plusSeconds(120);
        assertEquals(expected(p -> p.updated.isAfter(from) && p.updated.isBefore(to)),
                collect(query("/api/v1/event/", "date_updated__gt", MICROS.format(from), "date_updated__lt", MICROS.format(to))));
        assertEquals(expected(p -> !p.updated.isBefore(from) && !p.updated.isAfter(to)),
                collect(query("/api/v1/event/", "date_updated__gte", MICROS.format(from) + "+00:00",
                        "date_updated__lte", MICROS.format(to) + "Z", "_limit", "7")));
        assertEquals(expected(p -> p.updated.isAfter(from) && p.type.equals("lead")),
                collect(query("/api/v1/event/", "date_updated__gt", MICROS.format(from), "object_type", "lead")));
    }

    @Test
    void cursorPreviousWalksBackToNewerEvents() {
        postEvents();
        JsonObject first = expect(API.get("/api/v1/event/?_limit=20", tenant.adminKey()), 200).json();
        JsonObject second = expect(API.get("/api/v1/event/?_limit=20&_cursor=" + first.getString("cursor_next"), tenant.adminKey()), 200).json();
        JsonObject back = expect(API.get("/api/v1/event/?_limit=20&_cursor=" + second.getString("cursor_previous"), tenant.adminKey()), 200).json();
        assertEquals(first.getJsonArray("data"), back.getJsonArray("data"));

        // Polling from the newest event: nothing newer yet, and the same cursor comes back.
        JsonObject poll = expect(API.get("/api/v1/event/?_cursor=" + first.getString("cursor_previous"), tenant.adminKey()), 200).json();
        assertEquals(0, poll.getJsonArray("data").size());
        assertEquals(first.getString("cursor_previous"), poll.getString("cursor_previous"));
    }

    @Test
    void limitIsCappedAndBadParametersAreRefused() {
        postEvents();
        JsonObject capped = expect(API.get("/api/v1/event/?_limit=500", tenant.adminKey()), 200).json();
        assertEquals(50, capped.getJsonArray("data").size());

        Set<String> badQueries = Set.of("?_limit=0", "?_limit=abc", "?date_updated__gt=yesterday", "?_cursor=garbage",
                "?colour=red", "?object_type=lead&object_type=opportunity");
        for (String bad : badQueries) {
            JsonObject error = expect(API.get("/api/v1/event/" + bad, tenant.adminKey()), 400).json();
            assertTrue(error.containsKey("field-errors"), bad + " -> " + error);
        }
        JsonObject empty = expect(API.get("/api/v1/event/?object_id=none", tenant.adminKey()), 200).json();
        assertEquals(0, empty.getJsonArray("data").size());
        assertTrue(TestApi.isNull(empty, "cursor_next") && TestApi.isNull(empty, "cursor_previous"));
    }
}
