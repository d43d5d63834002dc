package dev.eventlog.acceptance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The acceptance scenarios against a deployment the build did not make through Arquillian: the
 * Payara test domain of profile {@code payara} (which starts it, deploys the WAR and passes these
 * properties), or any running Eventlog:
 * <pre>
 * mvn failsafe:integration-test failsafe:verify -Dit.test=PayaraAcceptanceIT \
 *     -Deventlog.acceptance.base-url=http://127.0.0.1:8080 -Deventlog.acceptance.system-token=sys_… \
 *     -Deventlog.acceptance.jms=openmq://127.0.0.1:7676 -Deventlog.acceptance.jms-user=eventlog-producer \
 *     -Deventlog.acceptance.jms-password=… -Deventlog.acceptance.admin-url=http://127.0.0.1:4848 \
 *     -Deventlog.acceptance.admin-user=… -Deventlog.acceptance.admin-password=…
 * </pre>
 * Remote producers on Payara use its broker's own client (OpenMQ, {@code imq.jar} of the
 * distribution, put on the test class path by the profile), loaded by name so that nothing else
 * in the suite depends on it. Two tests of its own try the admin console's path
 * ({@link PayaraConsole}); WildFly's is ConsoleIT.
 */
class PayaraAcceptanceIT extends AcceptanceScenarios {

    private static String setting(String name) {
        String value = System.getProperty("eventlog.acceptance." + name);
        assertNotNull(value, "set -Deventlog.acceptance." + name + " (profile payara does)");
        return value;
    }

    @Override
    protected Target target() {
        String base = setting("base-url");
        return new Target(base, setting("system-token"), System.getProperty("eventlog.acceptance.health-url", base + "/health"),
                new OpenMq());
    }

    /** Eventlog's queues and the stream's topic, and OpenMQ's dead-message queue, as the console lists them. */
    private static final Set<String> DESTINATIONS = Set.of("eventlog.ingest", "eventlog.ingest.rejected", "eventlog.ingest.dead",
            "eventlog.dispatch", "eventlog.delivery", "eventlog.stream", "mq.sys.dmq");

    private static PayaraConsole console() {
        return new PayaraConsole(setting("admin-url"), setting("admin-user"), setting("admin-password"));
    }

    private static String broker() {
        URI broker = URI.create(setting("jms"));
        return broker.getHost() + ":" + broker.getPort();
    }

    @Test
    void theConsolesRestApiShowsTheDeploymentAndTheQueues() throws Exception {
        PayaraConsole.Answer app = console().get("applications/application/eventlog");
        assertEquals(200, app.status());
        JsonObject entity = app.json().getJsonObject("extraProperties").getJsonObject("entity");
        assertEquals("eventlog", entity.getString("name"));
        assertEquals("true", entity.getString("enabled"));

        PayaraConsole.Answer destinations = console().get("servers/server/server/list-jmsdest");
        assertEquals(200, destinations.status());
        Set<String> listed = destinations.json().getJsonArray("children").getValuesAs(JsonObject.class).stream()
                .map(d -> d.getString("message")).collect(Collectors.toSet());
        assertEquals(DESTINATIONS, listed);

        assertEquals(401, console().get("applications/application/eventlog", "not-the-password").status());
    }

    /** payara.sh gives the broker's TCP service an access list of its own: OpenMQ's default users are not on it. */
    @Test
    void openMqsDefaultUsersCannotConnectFromOutside() {
        for (String user : List.of("guest", "admin")) {
            assertThrows(JMSRuntimeException.class, () -> new OpenMq().connect(user, user).close(), user);
        }
    }

    /** The count an operator reads in the console (or imqcmd), and Eventlog's own view with the reason. */
    @Test
    void aRefusedIngestMessageShowsInTheBrokersCountAndInTheParkedMessages() throws Exception {
        String queue = "eventlog.ingest.rejected";
        long before = PayaraConsole.messageCount(broker(), "admin", "admin", queue);
        String body = "not json " + UUID.randomUUID();
        new OpenMq().send(body);
        await().atMost(30, SECONDS).until(() -> PayaraConsole.messageCount(broker(), "admin", "admin", queue) == before + 1);

        JsonObject parked = api().get("/api/v1/system/parked/?queue=rejected&_limit=100", setting("system-token")).data()
                .getValuesAs(JsonObject.class).stream().filter(p -> p.getString("body_preview").equals(body))
                .findFirst().orElseThrow(() -> new AssertionError("not among the parked messages: " + body));
        assertFalse(parked.getString("reason").isBlank(), parked.toString());

        assertEquals(204, api().send("DELETE", "/api/v1/system/parked/" + parked.getString("id") + "/", setting("system-token"), null).status());
        await().atMost(30, SECONDS).until(() -> PayaraConsole.messageCount(broker(), "admin", "admin", queue) == before);
    }

    /** OpenMQ's client to the broker's port, as README's remote producer. */
    private static final class OpenMq implements RemoteBroker {
        @Override
        public JMSContext connect(String user, String password) throws Exception {
            URI broker = URI.create(setting("jms"));
            Class<?> type = Class.forName("com.sun.messaging.ConnectionFactory");
            ConnectionFactory factory = (ConnectionFactory) type.getConstructor().newInstance();
            type.getMethod("setProperty", String.class, String.class)
                    .invoke(factory, "imqAddressList", "mq://" + broker.getHost() + ":" + broker.getPort());
            return factory.createContext(user, password);
        }

        @Override
        public String queue(String name) {
            return name;
        }

        @Override
        public String producerUser() {
            return setting("jms-user");
        }

        @Override
        public String producerPassword() {
            return setting("jms-password");
        }

        @Override
        public String topic(String name) {
            return name;
        }

        @Override
        public String consumerUser() {
            return setting("jms-consumer-user");
        }

        @Override
        public String consumerPassword() {
            return setting("jms-consumer-password");
        }
    }
}
