package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.dispatch.DispatchHints;
import dev.eventlog.it.TestApi.Tenant;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A delayed dispatch whose message is lost still goes out: the loss is made for real, by removing
 * the scheduled message from the dispatch queue through the broker's management API before it is
 * due, which is what a crash between the database's commit and the broker's leaves behind. The
 * owed row the event was stored with is swept once overdue by the grace period (20 s in the tests,
 * arquillian.xml).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OwedDispatchIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @ArquillianResource
    ManagementClient management;

    private final TestApi api = TestApi.fromClient();

    @Test
    void anUpdateWhoseDispatchMessageIsLostIsStillDelivered() throws IOException {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        ServerManagement server = new ServerManagement(management);
        String eventId = "ev_" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        try (Receiver receiver = Receiver.ok()) {
            api.subscribe(tenant, receiver.url(), "lead", "updated");
            // The consumer is stopped so the message is removed while it waits, however slow the machine.
            server.setDelivery("DispatchMDB", false);
            try {
                JsonObject update = TestEvents.event(tenant.organizationId(), "lead", "lead_owed", "updated")
                        .add("id", eventId).add("data", Json.createObjectBuilder().add("name", "Owed")).build();
                expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(List.of(update))), 202);
                String ours = DispatchHints.ORGANIZATIONS + " = '" + tenant.organizationId() + "'";
                // Ingest stores the event and sends its message a moment after the 202; removing
                // counts scheduled messages too (browsing does not see them).
                AtomicInteger removed = new AtomicInteger();
                await().atMost(30, SECONDS).until(() -> removed.addAndGet(server.queueOperation("eventlog.dispatch",
                        "remove-messages", "filter", ours).asInt()) > 0);
                assertEquals(1, removed.get(), "the dispatch message is removed");
            } finally {
                server.setDelivery("DispatchMDB", true);
            }
            assertTrue(receiver.received().isEmpty(), "nothing was sent before the sweep");

            List<Receiver.Received> hooks = await().atMost(90, SECONDS).until(receiver::received, r -> !r.isEmpty());
            JsonObject event = Json.createReader(new StringReader(hooks.get(0).text())).readObject().getJsonObject("event");
            assertEquals(eventId, event.getString("id"));
            assertEquals("Owed", event.getJsonObject("data").getString("name"));
        }
    }
}
