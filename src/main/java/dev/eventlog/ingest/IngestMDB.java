package dev.eventlog.ingest;

import dev.eventlog.platform.jms.Destinations;
import dev.eventlog.platform.jms.IngestProperties;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import dev.eventlog.platform.json.BadJsonException;
import dev.eventlog.platform.json.JsonInput;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;

/**
 * Consumes the ingest queue: text messages, or bytes in UTF-8 (what non-Java producers, over STOMP
 * or AMQP, often send). The events are stored in transactions of their own (EventBatchWriter),
 * committed before the message is acknowledged; events that cannot be stored are parked, and only
 * a fault that may pass rolls the message back for the broker to redeliver with backoff.
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
            // A replayed message carries its original send time: its events keep their defaults.
            long sentAt = IngestProperties.sentAt(message);
            String text;
            if (message instanceof BytesMessage bytes) {
                byte[] content = bytes.getBodyLength() == 0 ? new byte[0] : bytes.getBody(byte[].class);
                try {
                    text = JsonInput.decodeUtf8(content);
                } catch (BadJsonException e) {
                    // Kept for the record as best it reads; what the producer must fix is the encoding.
                    ingest.reject(message.getJMSMessageID(), sentAt, new String(content, StandardCharsets.UTF_8), e.getMessage());
                    return;
                }
            } else {
                text = message instanceof TextMessage t ? t.getText() : null;
            }
            ingest.consume(message.getJMSMessageID(), sentAt, text);
        } catch (JMSException e) {
            throw new IllegalStateException("Could not read ingest message", e);
        }
    }
}
