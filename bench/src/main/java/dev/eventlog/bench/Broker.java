package dev.eventlog.bench;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import java.net.URI;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Eventlog's broker as a remote producer reaches it (README, "Post events"): the Artemis Jakarta
 * client, as the producer user, to the ingest queue: over WildFly's HTTP port (HTTP upgrade) to the
 * embedded broker, or to the standalone pair of several nodes ({@link #pair}).
 */
final class Broker {

    private final ConnectionFactory factory;
    private final String user;
    private final String password;

    Broker(String base, String user, String password) {
        this(URI.create(base), user, password);
    }

    private Broker(URI wildfly, String user, String password) {
        // A message of 100 events is ~300 KB as Artemis encodes text: under 1 MiB it is sent whole,
        // not streamed as a large message (README, "Post events").
        this(new ActiveMQConnectionFactory("tcp://" + wildfly.getHost() + ":" + wildfly.getPort()
                + "?httpUpgradeEnabled=true&minLargeMessageSize=1048576"), user, password);
    }

    private Broker(ConnectionFactory factory, String user, String password) {
        this.factory = factory;
        this.user = user;
        this.password = password;
    }

    /**
     * The shared-store pair of cluster/run.sh, {@code tcp://primary,tcp://backup}: a new connection
     * tries each in turn, so a producer whose connection broke finds whichever is live.
     */
    static Broker pair(String urls, String user, String password) {
        return new Broker(new ActiveMQConnectionFactory("(" + urls + ")?minLargeMessageSize=1048576"), user, password);
    }

    /** A session whose sends count once it commits: a producer's event is accepted at that moment. */
    JMSContext transacted() {
        return factory.createContext(user, password, JMSContext.SESSION_TRANSACTED);
    }

    /** Sends the messages in order on one connection; each persistent send returns once the broker has it. */
    void send(List<String> messages) {
        try (JMSContext jms = factory.createContext(user, password)) {
            Queue ingest = jms.createQueue("jms.queue.eventlog.ingest");
            JMSProducer producer = jms.createProducer();
            messages.forEach(m -> producer.send(ingest, m));
        }
    }
}
