package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.TestApi.Tenant;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code priority: "high"} overtakes a backlog of low-priority events on the dispatch queue. The
 * backlog is built for real: the consuming MDB is stopped through WildFly's management API while
 * the queue fills, then started again. Only delayed events (updates and deletes) pass through the
 * dispatch queue; created events are dispatched by ingest. (The delivery queue orders by priority
 * too, but a single node no longer builds a backlog there: it starts first attempts itself,
 * FirstAttemptsIT.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PriorityIT {

    private static final int BACKLOG = 100;
    /**
     * Out of BACKLOG + 1, first-in-first-out would make the urgent event the last. Eight consumers
     * start at once and their HTTP requests race, so "overtaken" means: in the first quarter.
     */
    private static final int OVERTAKEN_WITHIN = 25;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @ArquillianResource
    ManagementClient management;

    private final TestApi api = TestApi.fromClient();

    private static JsonObject withPriority(JsonObject event, String priority) {
        return Json.createObjectBuilder(event).add("internal_metadata", Json.createObjectBuilder()
                .add("processing_options", Json.createObjectBuilder().add("priority", priority))).build();
    }

    private static JsonObject deleted(Tenant tenant, String objectType, String objectId, String priority) {
        return withPriority(TestEvents.event(tenant.organizationId(), objectType, objectId, "deleted").build(), priority);
    }

    private List<String> post(String ingestKey, List<JsonObject> events) {
        return expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(events)), 202)
                .json().getJsonArray("ids").getValuesAs(JsonString::getString);
    }

    private void awaitStored(Tenant tenant, String eventId) {
        await().atMost(30, SECONDS).until(() -> api.get("/api/v1/event/" + eventId + "/", tenant.adminKey()).status() == 200);
    }

    private String subscribe(Tenant tenant, String url, String objectType) {
        return subscribe(tenant, url, objectType, "created");
    }

    private String subscribe(Tenant tenant, String url, String objectType, String action) {
        String body = Json.createObjectBuilder().add("url", url).add("events", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("object_type", objectType).add("action", action))).build().toString();
        return expect(api.post("/api/v1/webhook/", tenant.adminKey(), body), 201).json().getString("id");
    }

    @Test
    void aHighPriorityEventOvertakesTheDispatchBacklog() throws IOException {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        try (Receiver receiver = Receiver.ok()) {
            String subscription = subscribe(tenant, receiver.url(), "prio", "deleted");
            String high;
            setDelivery("DispatchMDB", false);
            try {
                // One request each: the events of one ingest message share one dispatch message.
                for (int i = 0; i < BACKLOG; i++) {
                    post(ingestKey, List.of(deleted(tenant, "prio", "low_" + i, "low")));
                }
                await().atMost(30, SECONDS).until(() -> queueDepth("eventlog.dispatch") == BACKLOG);
                high = post(ingestKey, List.of(deleted(tenant, "prio", "urgent", "high"))).get(0);
                awaitStored(tenant, high);
                assertEquals(BACKLOG + 1, queueDepth("eventlog.dispatch"), "the backlog is in the dispatch queue");
                // Deletes wait one consolidation window: restart only when all of them are due, so
                // the order is the broker's choice among ready messages, not the end of their delays.
                await().atMost(30, SECONDS).until(() -> queueAttribute("eventlog.dispatch", "scheduled-count") == 0);
            } finally {
                setDelivery("DispatchMDB", true);
            }

            // Delivery ids are time-ordered and made at dispatch: their order is the dispatch order.
            List<JsonObject> attempts = await().atMost(60, SECONDS).until(() -> successes(tenant, subscription),
                    a -> a.size() == BACKLOG + 1);
            List<String> dispatchOrder = attempts.stream().sorted((a, b) -> a.getString("delivery_id")
                    .compareTo(b.getString("delivery_id"))).map(a -> a.getString("event_id")).toList();
            int rank = dispatchOrder.indexOf(high);
            assertTrue(rank >= 0 && rank < OVERTAKEN_WITHIN, "dispatched as number " + (rank + 1) + " of " + (BACKLOG + 1));
        }
    }

    private List<JsonObject> successes(Tenant tenant, String subscription) {
        List<JsonObject> all = new ArrayList<>();
        String cursor = null;
        do {
            String path = TestApi.query("/api/v1/webhook/" + subscription + "/attempts/", "_limit", "100")
                    + (cursor == null ? "" : "&_cursor=" + cursor);
            JsonObject page = expect(api.get(path, tenant.adminKey()), 200).json();
            JsonArray data = page.getJsonArray("data");
            data.getValuesAs(JsonObject.class).stream().filter(a -> a.getString("outcome").equals("success")).forEach(all::add);
            cursor = page.isNull("cursor_next") ? null : page.getString("cursor_next");
        } while (cursor != null);
        return all;
    }

    private void setDelivery(String mdb, boolean on) throws IOException {
        new ServerManagement(management).setDelivery(mdb, on);
    }

    /** Messages in a queue of the embedded broker, scheduled ones included. */
    private long queueDepth(String queue) throws IOException {
        return queueAttribute(queue, "message-count");
    }

    private long queueAttribute(String queue, String attribute) throws IOException {
        return new ServerManagement(management).queueAttribute(queue, attribute).asLong();
    }
}
