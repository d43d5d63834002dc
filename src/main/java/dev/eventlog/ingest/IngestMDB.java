package dev.eventlog.ingest;

import dev.eventlog.platform.jms.Destinations;
import dev.eventlog.platform.jms.IngestProperties;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/**
 * Consumes the ingest queue. The database work commits with the message's acknowledgement (one
 * container transaction); any failure rolls both back and the broker redelivers with backoff.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Destinations.INGEST),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")
})
public class IngestMDB implements MessageListener {

    @Inject
    IngestService ingest;

    @Override
    public void onMessage(Message message) {
        try {
            String body = message instanceof TextMessage text ? text.getText() : null;
            // A replayed message carries its original send time: its events keep their defaults.
            long timestamp = IngestProperties.sentAt(message);
            ingest.consume(message.getJMSMessageID(), timestamp, body);
        } catch (JMSException e) {
            throw new IllegalStateException("Could not read ingest message", e);
        }
    }
}
