package dev.eventlog.it;

import static dev.eventlog.it.ManagementHttp.address;
import static dev.eventlog.it.ManagementHttp.operation;
import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.dispatch.DispatchSweepTimer;
import dev.eventlog.it.TestApi.Tenant;
import dev.eventlog.platform.jms.Destinations;
import dev.eventlog.platform.jms.IngestProperties;
import dev.eventlog.retention.RetentionTimer;
import dev.eventlog.retry.DeliveryTimers;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator sees in WildFly's admin console, read the way the console reads it: over the
 * HTTP management endpoint, logged in as a management user (README, "Operating Eventlog from
 * WildFly's admin console"). The deployment, its queues with their counts, the EJB timers and the
 * datasource pool all answer there, and a refused or held message shows in the counts.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleIT {

    /** The WAR declares them, so they are resources of the deployment, not of the server. */
    private static final Set<String> QUEUES = Set.of(Destinations.INGEST_NAME, Destinations.INGEST_REJECTED_NAME,
            Destinations.INGEST_DEAD_NAME, "eventlog.dispatch", "eventlog.delivery");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private final ManagementHttp console = ManagementHttp.asOperator();
    private final TestApi api = TestApi.fromClient();

    @AfterEach
    void close() throws Exception {
        console.close();
    }

    private static JsonArray deployedMessaging() {
        return address("deployment", "eventlog.war", "subsystem", "messaging-activemq", "server", "default");
    }

    private static JsonArray queue(String name) {
        return address("deployment", "eventlog.war", "subsystem", "messaging-activemq", "server", "default", "jms-queue", name);
    }

    private long messageCount(JsonArray queue) {
        return ((JsonNumber) console.result(operation("read-attribute", queue).add("name", "message-count"))).longValue();
    }

    private static String badJson(String marker) {
        return "[{\"organization_id\": \"orga_x\", \"note\": \"" + marker + "\"";
    }

    @Test
    void theDeploymentIsThereAndEnabled() {
        JsonObject deployment = console.result(operation("read-resource", address("deployment", "eventlog.war"))
                .add("include-runtime", true)).asJsonObject();

        assertTrue(deployment.getBoolean("enabled"), deployment.toString());
        assertEquals("OK", deployment.getString("status"), deployment.toString());
    }

    @Test
    void everyQueueOfEventlogAndTheServersDlqIsListedWithAMessageCount() {
        JsonObject queues = console.result(operation("read-children-resources", deployedMessaging())
                .add("child-type", "jms-queue").add("include-runtime", true)).asJsonObject();

        assertEquals(QUEUES, queues.keySet());
        for (String name : QUEUES) {
            assertTrue(queues.getJsonObject(name).getJsonNumber("message-count").longValue() >= 0, queues.toString());
        }
        JsonObject dlq = console.result(operation("read-resource",
                address("subsystem", "messaging-activemq", "server", "default", "jms-queue", "DLQ"))
                .add("include-runtime", true)).asJsonObject();
        assertTrue(dlq.getJsonNumber("message-count").longValue() >= 0, dlq.toString());
    }

    @Test
    void aMessageTheConsumerRefusesRaisesTheRejectedQueuesCount() throws Exception {
        JsonArray rejected = queue(Destinations.INGEST_REJECTED_NAME);
        long before = messageCount(rejected);

        String sent = RemoteProducer.send(badJson("console_" + UUID.randomUUID()));

        await().atMost(30, SECONDS).until(() -> messageCount(rejected) == before + 1);
        // The console's message list finds it by the property Eventlog parks it with, reason and all.
        String filter = IngestProperties.ORIGINAL_MESSAGE_ID + " = '" + sent + "'";
        List<JsonObject> listed = console.result(operation("list-messages", rejected).add("filter", filter))
                .asJsonArray().getValuesAs(JsonObject.class);
        assertEquals(1, listed.size(), listed.toString());
        assertFalse(listed.get(0).getString(IngestProperties.ERROR).isBlank(), listed.toString());
        assertEquals(1, ((JsonNumber) console.result(operation("remove-messages", rejected).add("filter", filter))).intValue());
        assertEquals(before, messageCount(rejected));
    }

    @Test
    void aPausedIngestQueueHoldsMessagesUntilItIsResumed() throws Exception {
        Tenant tenant = api.newTenant();
        String objectId = "acti_console" + UUID.randomUUID().toString().replace("-", "");
        JsonArray ingest = queue(Destinations.INGEST_NAME);
        long before = messageCount(ingest);
        console.result(operation("pause", ingest));
        try {
            assertEquals(JsonValue.TRUE, console.result(operation("read-attribute", ingest).add("name", "paused")));
            RemoteProducer.send(TestEvents.batch(List.of(TestEvents.noteCreated(tenant.organizationId(), objectId, "user_c").build())));
            await().atMost(30, SECONDS).until(() -> messageCount(ingest) == before + 1);
        } finally {
            console.result(operation("resume", ingest));
        }

        await().atMost(30, SECONDS).until(() -> expect(api.get(
                TestApi.query("/api/v1/event/", "object_id", objectId), tenant.adminKey()), 200).data().size() == 1);
        assertEquals(before, messageCount(ingest));
    }

    /** The schedules of a singleton's timers, as the console's EJB view shows them. */
    private List<JsonObject> schedules(Class<?> bean) {
        JsonObject service = console.result(operation("read-resource", address("deployment", "eventlog.war",
                "subsystem", "ejb3", "singleton-bean", bean.getSimpleName(), "service", "timer-service"))
                .add("include-runtime", true).add("recursive", true)).asJsonObject();
        List<JsonObject> timers = service.getJsonObject("timer").values().stream().map(JsonObject.class::cast).toList();
        for (JsonObject timer : timers) {
            assertTrue(timer.getBoolean("active"), timer.toString());
            assertFalse(timer.getBoolean("persistent"), timer.toString());
        }
        return timers.stream().map(t -> t.getJsonObject("schedule")).toList();
    }

    @Test
    void theDeploymentsTimersAreListedWithTheirSchedules() {
        List<JsonObject> retention = schedules(RetentionTimer.class);
        assertEquals(1, retention.size(), retention.toString());
        assertEquals("5", retention.get(0).getString("minute"), "hourly, at minute 5");
        assertEquals("*", retention.get(0).getString("hour"));

        List<JsonObject> delivery = schedules(DeliveryTimers.class);
        assertEquals(Set.of("*/2", "0"), Set.copyOf(delivery.stream().map(s -> s.getString("second")).toList()),
                "retries every 2 s, health every minute: " + delivery);

        List<JsonObject> sweep = schedules(DispatchSweepTimer.class);
        assertEquals(List.of("*/5"), sweep.stream().map(s -> s.getString("second")).toList());
    }

    @Test
    void theDatasourcePoolReportsStatistics() {
        JsonArray datasource = address("subsystem", "datasources", "data-source", "EventlogDS");
        JsonObject config = console.result(operation("read-resource", datasource)).asJsonObject();
        JsonObject pool = console.result(operation("read-resource", address("subsystem", "datasources",
                "data-source", "EventlogDS", "statistics", "pool")).add("include-runtime", true)).asJsonObject();

        assertTrue(config.getBoolean("statistics-enabled"), "configure.cli turns them on");
        assertTrue(pool.getBoolean("statistics-enabled"), pool.toString());
        // Off, every count reads 0: these are live numbers of the pool the deployment has been using.
        assertTrue(pool.getInt("MaxUsedCount") >= 1, pool.toString());
        assertTrue(pool.getInt("ActiveCount") >= config.getInt("min-pool-size"), pool + " " + config);
    }

    @Test
    void theEndpointWantsTheManagementUsersPassword() throws Exception {
        JsonObject me = console.result(operation("whoami", address())).asJsonObject();
        assertEquals(System.getProperty("eventlog.test.console-user"), me.getJsonObject("identity").getString("username"));

        try (ManagementHttp wrong = ManagementHttp.as(System.getProperty("eventlog.test.console-user"), "not-the-password")) {
            assertEquals(401, wrong.post(operation("whoami", address())).status());
        }
    }
}
