package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.TestApi.Tenant;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.List;
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
 * A batch the broker does not take (a remote pair failing over, README "Running several nodes") is
 * refused with 503 and Retry-After, not a 500, and nothing of it is stored. The broker's refusal is
 * made for real: the ingest address is set to refuse sends once it holds a byte (the FAIL policy,
 * through WildFly's management API), and one batch waits in it while the ingest MDB is stopped.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrokerRefusalIT {

    private static final String INGEST_SETTING = "jms.queue.eventlog.ingest";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @ArquillianResource
    ManagementClient management;

    private final TestApi api = TestApi.fromClient();

    private JsonObject created(Tenant tenant, String id) {
        return TestEvents.event(tenant.organizationId(), "refusal", "obj_" + id, "created").add("id", id).build();
    }

    @Test
    void aBatchTheBrokerRefusesIsA503ToSendAgainAndNothingOfItIsStored() throws IOException {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        ServerManagement server = new ServerManagement(management);
        ModelNode before = server.addressSetting(INGEST_SETTING);
        String queued = "ev_queued" + System.nanoTime();
        String refused = "ev_refused" + System.nanoTime();
        TestApi.Reply reply;
        server.setDelivery("IngestMDB", false);
        try {
            server.writeAddressSetting(INGEST_SETTING, "address-full-policy", new ModelNode("FAIL"));
            server.writeAddressSetting(INGEST_SETTING, "max-size-bytes", new ModelNode(1L));
            // The address is empty: this one is taken, and then holds more than the byte allowed.
            expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(List.of(created(tenant, queued)))), 202);
            reply = api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(List.of(created(tenant, refused))));
        } finally {
            server.writeAddressSetting(INGEST_SETTING, "address-full-policy", before.get("address-full-policy"));
            server.writeAddressSetting(INGEST_SETTING, "max-size-bytes", before.get("max-size-bytes"));
            server.setDelivery("IngestMDB", true);
        }

        assertEquals(503, reply.status(), reply.text());
        assertTrue(reply.headers().firstValue("Retry-After").isPresent(), "Retry-After tells the producer when to send again");
        assertTrue(reply.json().getString("error").contains("send it again"), reply.text());
        assertTrue(!reply.text().contains("Exception") && !reply.text().contains("at dev."), "no stack trace: " + reply.text());

        // The first batch is stored once the MDB runs again; the refused one never was on the queue.
        await().atMost(30, SECONDS).until(() -> api.get("/api/v1/event/" + queued + "/", tenant.adminKey()).status() == 200);
        assertEquals(404, api.get("/api/v1/event/" + refused + "/", tenant.adminKey()).status(),
                "a batch answered 503 must not be stored");
    }
}
