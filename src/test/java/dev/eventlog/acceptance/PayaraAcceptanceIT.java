package dev.eventlog.acceptance;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import java.net.URI;

/**
 * The acceptance scenarios against a deployment the build did not make through Arquillian: the
 * Payara test domain of profile {@code payara} (which starts it, deploys the WAR and passes these
 * properties), or any running Eventlog:
 * <pre>
 * mvn failsafe:integration-test failsafe:verify -Dit.test=PayaraAcceptanceIT \
 *     -Deventlog.acceptance.base-url=http://127.0.0.1:8080 -Deventlog.acceptance.system-token=sys_… \
 *     -Deventlog.acceptance.jms=openmq://127.0.0.1:7676
 * </pre>
 * Remote producers on Payara use its broker's own client (OpenMQ, {@code imq.jar} of the
 * distribution, put on the test class path by the profile), loaded by name so that nothing else
 * in the suite depends on it.
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
                PayaraAcceptanceIT::sendOverOpenMq);
    }

    private static void sendOverOpenMq(String body) throws Exception {
        URI broker = URI.create(setting("jms"));
        Class<?> type = Class.forName("com.sun.messaging.ConnectionFactory");
        ConnectionFactory factory = (ConnectionFactory) type.getConstructor().newInstance();
        type.getMethod("setProperty", String.class, String.class)
                .invoke(factory, "imqAddressList", "mq://" + broker.getHost() + ":" + broker.getPort());
        try (JMSContext jms = factory.createContext(System.getProperty("eventlog.acceptance.jms-user", "guest"),
                System.getProperty("eventlog.acceptance.jms-password", "guest"))) {
            jms.createProducer().send(jms.createQueue("eventlog.ingest"), body);
        }
    }
}
