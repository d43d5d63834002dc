package dev.eventlog.acceptance;

import jakarta.jms.JMSContext;
import java.io.File;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The acceptance scenarios on WildFly: Arquillian deploys the WAR Maven built, exactly as it
 * ships (testable = false: no test classes in it, every test runs here, outside the server), on
 * the suite's WildFly (ports moved by 100; health on the management port).
 */
@ExtendWith(ArquillianExtension.class)
class WildFlyAcceptanceIT extends AcceptanceScenarios {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class,
                new File(System.getProperty("eventlog.war", "target/eventlog.war")));
    }

    private static final int HTTP = Integer.getInteger("eventlog.test.http-port", 8180);
    private static final int MANAGEMENT = Integer.getInteger("eventlog.test.management-port", 10090);

    @Override
    protected Target target() {
        return new Target("http://127.0.0.1:" + HTTP, "test-system-token", "http://127.0.0.1:" + MANAGEMENT + "/health",
                new Artemis());
    }

    /** README's remote producer: the Artemis client over WildFly's HTTP port, as the producer user the build adds. */
    private static final class Artemis implements RemoteBroker {
        @Override
        public JMSContext connect(String user, String password) {
            // Not closed here: closing the factory closes the connections it made. Its few threads
            // go with the test JVM.
            return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + HTTP + "?httpUpgradeEnabled=true")
                    .createContext(user, password);
        }

        @Override
        public String queue(String name) {
            return "jms.queue." + name;
        }

        @Override
        public String producerUser() {
            return System.getProperty("eventlog.test.jms-user");
        }

        @Override
        public String producerPassword() {
            return System.getProperty("eventlog.test.jms-password");
        }

        @Override
        public String topic(String name) {
            return "jms.topic." + name;
        }

        @Override
        public String consumerUser() {
            return System.getProperty("eventlog.test.jms-consumer-user");
        }

        @Override
        public String consumerPassword() {
            return System.getProperty("eventlog.test.jms-consumer-password");
        }
    }
}
