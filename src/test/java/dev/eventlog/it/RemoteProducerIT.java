package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventlog.it.TestApi.Tenant;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A producer outside the server sends events straight to the ingest queue with the ActiveMQ
 * Artemis Jakarta client, over WildFly's HTTP port, as the README tells integrators to.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RemoteProducerIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private final TestApi api = TestApi.fromClient();

    @Test
    void eventsSentOverJmsAreStoredWithStableIds() {
        Tenant tenant = api.newTenant();
        String body = TestEvents.batch(List.of(
                TestEvents.noteCreated(tenant.organizationId(), "acti_jms1", "user_j").build(),
                TestEvents.noteCreated(tenant.organizationId(), "acti_jms2", "user_j").build()));
        try (JMSContext jms = RemoteProducer.connect()) {
            jms.createProducer().send(jms.createQueue("jms.queue.eventlog.ingest"), body);
        }

        JsonArray events = await().atMost(30, SECONDS).until(
                () -> expect(api.get("/api/v1/event/?object_type=activity.note", tenant.adminKey()), 200).data(),
                data -> data.size() == 2);
        List<String> objects = events.getValuesAs(JsonObject.class).stream().map(e -> e.getString("object_id")).sorted().toList();
        assertEquals(List.of("acti_jms1", "acti_jms2"), objects);
        events.getValuesAs(JsonObject.class).forEach(e -> assertEquals(true, e.getString("id").matches("ev_[0-9A-Za-z]{22}")));
    }

    @Test
    void producersCannotReadOrWriteOtherQueues() {
        try (JMSContext jms = RemoteProducer.connect()) {
            assertThrows(JMSRuntimeException.class,
                    () -> jms.createProducer().send(jms.createQueue("jms.queue.eventlog.ingest.rejected"), "{}"));
            assertThrows(JMSRuntimeException.class,
                    () -> jms.createConsumer(jms.createQueue("jms.queue.eventlog.ingest")).receive(100));
        }
    }

    @Test
    void wrongBrokerPasswordIsRefused() {
        assertThrows(JMSSecurityRuntimeException.class, () -> {
            try (JMSContext jms = RemoteProducer.connect("wrong")) {
                jms.createProducer().send(jms.createQueue("jms.queue.eventlog.ingest"), "{}");
            }
        });
    }
}
