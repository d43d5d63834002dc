package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventlog.it.TestApi.Tenant;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node that dispatches a delivery starts its first attempt once the dispatch commits
 * (FirstAttempts): no delivery message, no second transaction to claim it. Proved with the delivery
 * queue's consumer stopped through WildFly's management API: every webhook still arrives, well
 * within a claim's lease (30 s, after which the retry timer would have sent them), and nothing was
 * added to the queue.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FirstAttemptsIT {

    /** Well inside the lease (3 × the 10 s timeout), past which the retry timer sends a delivery too. */
    private static final int ARRIVE_WITHIN_SECONDS = 15;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @ArquillianResource
    ManagementClient management;

    private final TestApi api = TestApi.fromClient();

    @Test
    void firstAttemptsNeedNoDeliveryMessage() throws IOException {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        ServerManagement server = new ServerManagement(management);
        try (Receiver receiver = Receiver.ok()) {
            for (int i = 0; i < 5; i++) {
                subscribe(tenant, receiver.url());
            }
            long queuedBefore = server.queueAttribute("eventlog.delivery", "messages-added").asLong();
            server.setDelivery("DeliveryMDB", false);
            try {
                IntStream.range(0, 4).forEach(i -> expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(List.of(
                        TestEvents.event(tenant.organizationId(), "first.attempt", "obj_" + i, "created")
                                .add("data", Json.createObjectBuilder().add("id", "obj_" + i)).build()))), 202));

                List<Receiver.Received> arrived = await().atMost(ARRIVE_WITHIN_SECONDS, SECONDS)
                        .until(receiver::received, r -> r.size() == 20);
                Set<String> objects = arrived.stream().map(r -> Json.createReader(new StringReader(r.text())).readObject()
                        .getJsonObject("event").getString("object_id")).collect(Collectors.toSet());
                assertEquals(Set.of("obj_0", "obj_1", "obj_2", "obj_3"), objects);
                assertEquals(queuedBefore, server.queueAttribute("eventlog.delivery", "messages-added").asLong(),
                        "messages sent to the delivery queue");
            } finally {
                server.setDelivery("DeliveryMDB", true);
            }
        }
    }

    private void subscribe(Tenant tenant, String url) {
        String body = Json.createObjectBuilder().add("url", url).add("events", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("object_type", "first.attempt").add("action", "created"))).build().toString();
        JsonObject created = expect(api.post("/api/v1/webhook/", tenant.adminKey(), body), 201).json();
        assertEquals("active", created.getString("status"));
    }
}
