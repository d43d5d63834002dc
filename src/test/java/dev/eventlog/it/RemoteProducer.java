package dev.eventlog.it;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A producer outside the server, as the README tells integrators to be one: the ActiveMQ
 * Artemis Jakarta client over WildFly's HTTP port (the tests' port, moved by their offset),
 * logged in as the broker user the build adds.
 */
final class RemoteProducer {

    private RemoteProducer() {
    }

    static JMSContext connect(String password) {
        int port = Integer.getInteger("eventlog.test.http-port", 8180);
        return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port + "?httpUpgradeEnabled=true")
                .createContext(System.getProperty("eventlog.test.jms-user"), password);
    }

    static JMSContext connect() {
        return connect(System.getProperty("eventlog.test.jms-password"));
    }

    /** Sends {@code body} to the ingest queue; returns its JMSMessageID. */
    static String send(String body) throws JMSException {
        try (JMSContext jms = connect()) {
            TextMessage message = jms.createTextMessage(body);
            jms.createProducer().send(jms.createQueue("jms.queue.eventlog.ingest"), message);
            return message.getJMSMessageID();
        }
    }
}
