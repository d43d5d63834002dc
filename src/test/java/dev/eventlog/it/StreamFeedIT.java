package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.TestApi.Tenant;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JMS feed: every stored change is published to the topic eventlog.stream; two instances of
 * one consumer sharing a durable subscription split the messages between them, each exactly once,
 * while another consumer's subscription gets all of them, in position order; a selector on
 * ignored_consumers skips what the producer said to skip; the consumer user may not publish.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StreamFeedIT {

    /** WildFly's broker keeps Artemis 1.x prefixes: the WAR's topic eventlog.stream is this address. */
    static final String TOPIC = "jms.topic.eventlog.stream";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private final TestApi api = TestApi.fromClient();

    static JMSContext connect() {
        int port = Integer.getInteger("eventlog.test.http-port", 8180);
        return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port + "?httpUpgradeEnabled=true")
                .createContext(System.getProperty("eventlog.test.jms-consumer-user"),
                        System.getProperty("eventlog.test.jms-consumer-password"), JMSContext.AUTO_ACKNOWLEDGE);
    }

    /** Collects what a consumer receives: event id to the positions it came with, and the order. */
    private static final class Received {
        final Map<String, List<String>> byEvent = new ConcurrentHashMap<>();
        final List<String> positions = Collections.synchronizedList(new ArrayList<>());

        void take(Message message) {
            try {
                JsonObject entry = Json.createReader(new StringReader(((TextMessage) message).getText())).readObject();
                String position = message.getStringProperty("position");
                assertEquals(entry.getString("position"), position);
                assertEquals(entry.getJsonObject("event").getString("id"), message.getStringProperty("event_id"));
                byEvent.computeIfAbsent(entry.getJsonObject("event").getString("id"), k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(position);
                positions.add(position);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void instancesOfOneConsumerShareItsSubscriptionAndEachConsumerGetsEverythingOnce() throws Exception {
        Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        String indexer = "indexer-" + UUID.randomUUID().toString().substring(0, 8);
        String sync = "sync-" + UUID.randomUUID().toString().substring(0, 8);
        String ofTenant = "organization_id = '" + tenant.organizationId() + "'";
        Received first = new Received();
        Received second = new Received();
        Received other = new Received();
        // Three connections, as three processes would have: two instances of the indexer, one sync.
        try (JMSContext a = connect(); JMSContext b = connect(); JMSContext c = connect()) {
            Topic topic = a.createTopic(TOPIC);
            JMSConsumer indexerOne = a.createSharedDurableConsumer(topic, indexer, ofTenant);
            JMSConsumer indexerTwo = b.createSharedDurableConsumer(topic, indexer, ofTenant);
            JMSConsumer syncOnly = c.createSharedDurableConsumer(topic, sync,
                    ofTenant + " AND ignored_consumers NOT LIKE '%," + sync + ",%'");
            indexerOne.setMessageListener(first::take);
            indexerTwo.setMessageListener(second::take);
            syncOnly.setMessageListener(other::take);

            List<String> ids = new ArrayList<>();
            for (int batch = 0; batch < 10; batch++) {
                List<JsonObject> events = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    events.add(TestEvents.noteCreated(tenant.organizationId(), "acti_feed" + batch + "_" + i, "u").build());
                }
                ids.addAll(expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(events)), 202)
                        .json().getJsonArray("ids").getValuesAs(JsonString::getString));
            }
            String skipped = expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.noteCreated(tenant.organizationId(),
                    "acti_nosync", "u").add("internal_metadata", Json.createObjectBuilder().add("processing_options",
                    Json.createObjectBuilder().add("ignored_consumers", Json.createArrayBuilder().add(sync)))).build().toString()), 202)
                    .json().getJsonArray("ids").getString(0);
            List<String> all = new ArrayList<>(ids);
            all.add(skipped);

            await().atMost(60, SECONDS).until(() -> first.byEvent.size() + second.byEvent.size() >= all.size()
                    && other.byEvent.size() >= ids.size());
            Set<String> shared = new java.util.HashSet<>(first.byEvent.keySet());
            shared.retainAll(second.byEvent.keySet());
            assertEquals(Set.of(), shared, "an instance's message is not also the other's");
            Set<String> indexed = new java.util.HashSet<>(first.byEvent.keySet());
            indexed.addAll(second.byEvent.keySet());
            assertEquals(Set.copyOf(all), indexed, "the consumer's instances together got every change");
            assertTrue(!first.byEvent.isEmpty() && !second.byEvent.isEmpty(), "both instances took a share: "
                    + first.byEvent.size() + " and " + second.byEvent.size());
            assertEquals(Set.copyOf(ids), other.byEvent.keySet(), "the other consumer got everything but what it ignores");
            other.byEvent.values().forEach(p -> assertEquals(1, p.size(), "once each"));
            List<String> sorted = new ArrayList<>(other.positions);
            Collections.sort(sorted);
            assertEquals(sorted, other.positions, "in position order");
            // The same changes, at the same positions, as the stream API gives them.
            TestStream stream = new TestStream(api, api.newConsumerKey(tenant.organizationId()));
            TestStream.Page page = stream.read("limit", "1000");
            for (TestStream.Entry entry : page.entries()) {
                List<String> positions = first.byEvent.getOrDefault(entry.eventId(), second.byEvent.get(entry.eventId()));
                assertEquals(List.of(entry.position()), positions);
            }
            indexerOne.close();
            indexerTwo.close();
            syncOnly.close();
            a.unsubscribe(indexer);
            c.unsubscribe(sync);
        }
    }

    @Test
    void theConsumerUserMayNotPublish() {
        try (JMSContext jms = connect()) {
            assertThrows(JMSRuntimeException.class, () -> jms.createProducer().send(jms.createTopic(TOPIC), "{}"));
            assertThrows(JMSRuntimeException.class,
                    () -> jms.createProducer().send(jms.createQueue("jms.queue.eventlog.ingest"), "{}"));
        }
    }
}
