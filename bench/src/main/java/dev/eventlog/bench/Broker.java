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
 * client over WildFly's HTTP port (HTTP upgrade), as the producer user, to the ingest queue.
 */
final class Broker {

    private final ConnectionFactory factory;
    private final String user;
    private final String password;

    Broker(String base, String user, String password) {
        URI uri = URI.create(base);
        // A message of 100 events is ~300 KB as Artemis encodes text: under 1 MiB it is sent whole,
        // not streamed as a large message (README, "Post events").
        this.factory = new ActiveMQConnectionFactory("tcp://" + uri.getHost() + ":" + uri.getPort()
                + "?httpUpgradeEnabled=true&minLargeMessageSize=1048576");
        this.user = user;
        this.password = password;
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
