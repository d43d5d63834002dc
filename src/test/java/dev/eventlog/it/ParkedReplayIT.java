package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.TestApi.Tenant;
import dev.eventlog.platform.jms.Destinations;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.retention.PartitionMaintenance;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The case replay is for: a message refused for a reason that time or an operator removes. A
 * producer whose clock ran two days ahead sends an event dated in our future; it is refused
 * and parked. Once that date is no longer more than a day ahead (the test moves the clock
 * instead of waiting), a replay of the very same body stores it.
 */
@ExtendWith(ArquillianExtension.class)
class ParkedReplayIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @Inject
    JMSContext jms;

    @Resource(lookup = Destinations.INGEST)
    Queue ingest;

    @Inject
    UserTransaction tx;

    @Inject
    PartitionMaintenance partitions;

    private final TestApi api = TestApi.inServer();

    @AfterEach
    void backToNow() throws Exception {
        TestClockProducer.CLOCK.reset();
        tx.begin();
        partitions.maintain();
        tx.commit();
    }

    @Test
    void anEventFromTheFutureIsParkedAndItsReplayStoresItOnceItsDateHasCome() throws Exception {
        Tenant tenant = api.newTenant();
        String objectId = "acti_future" + UUID.randomUUID().toString().replace("-", "");
        String dated = Timestamps.format(Timestamps.toUtc(TestClockProducer.CLOCK.instant().plus(Duration.ofDays(2))));
        String body = TestEvents.batch(List.of(TestEvents.noteCreated(tenant.organizationId(), objectId, "user_f")
                .add("date_created", dated).build()));
        tx.begin();
        jms.createProducer().send(ingest, body);
        tx.commit();

        JsonObject parked = await().atMost(30, SECONDS).until(() -> expect(api.get(
                TestApi.query("/api/v1/system/parked/", "queue", "rejected", "_limit", "100"), TestApi.SYSTEM_TOKEN), 200)
                .data().getValuesAs(JsonObject.class).stream().filter(m -> m.getString("body_preview").contains(objectId))
                .findFirst().orElse(null), m -> m != null);
        assertTrue(parked.getString("reason").contains("More than a day in the future"), parked.toString());

        TestClockProducer.CLOCK.advance(Duration.ofDays(2));
        expect(api.post("/api/v1/system/parked/" + parked.getString("id") + "/replay/", TestApi.SYSTEM_TOKEN, null), 200);

        JsonArray events = await().atMost(30, SECONDS).until(() -> expect(api.get(
                TestApi.query("/api/v1/event/", "object_id", objectId), tenant.adminKey()), 200).data(), data -> data.size() == 1);
        assertEquals(dated, events.getJsonObject(0).getString("date_created"));
        assertEquals(404, api.get("/api/v1/system/parked/" + parked.getString("id") + "/", TestApi.SYSTEM_TOKEN).status());
    }
}
