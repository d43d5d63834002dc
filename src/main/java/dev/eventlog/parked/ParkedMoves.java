package dev.eventlog.parked;

import dev.eventlog.platform.crypto.Sha256;
import dev.eventlog.platform.jms.Destinations;
import dev.eventlog.platform.jms.IngestProperties;
import dev.eventlog.platform.json.Jsonp;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Transactional;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Takes parked messages off their queue. Each move is one JTA transaction: the receive (by a
 * selector on JMSMessageID) and the send to the ingest queue commit together or not at all, so a
 * replay neither loses nor doubles a message.
 */
@ApplicationScoped
public class ParkedMoves {

    private static final Logger LOG = Logger.getLogger(ParkedMoves.class.getName());

    /** The message was just seen by a browser; a receive waits this long for it at most. */
    private static final long RECEIVE_MILLIS = 5_000;
    /** In a batch: an empty queue answers within this. */
    private static final long BATCH_RECEIVE_MILLIS = 500;

    @Inject
    JMSContext jms;

    @Resource(lookup = Destinations.INGEST)
    Queue ingestQueue;

    @Inject
    ParkedQueues queues;

    /** A replayed message and the id of the ingest message it became. */
    public record Moved(ParkedMessage message, String ingestMessageId) {
    }

    /** Empty when the message has gone meanwhile (replayed or discarded by another call). */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<Moved> replay(ParkedQueue queue, String id) {
        try (JMSConsumer consumer = jms.createConsumer(queues.of(queue), ParkedMessageId.selector(id))) {
            Message message = consumer.receive(RECEIVE_MILLIS);
            return message == null ? Optional.empty() : Optional.of(toIngest(message, queue));
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    /** Moves up to {@code max} messages matching {@code selector} (all when null); returns how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int replayBatch(ParkedQueue queue, String selector, int max) {
        try (JMSConsumer consumer = jms.createConsumer(queues.of(queue), selector)) {
            int moved = 0;
            Message message;
            while (moved < max && (message = consumer.receive(BATCH_RECEIVE_MILLIS)) != null) {
                toIngest(message, queue);
                moved++;
            }
            return moved;
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    /** Takes the message off its queue for good; the server log keeps what it was. */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<ParkedMessage> discard(ParkedQueue queue, String id) {
        try (JMSConsumer consumer = jms.createConsumer(queues.of(queue), ParkedMessageId.selector(id))) {
            Message message = consumer.receive(RECEIVE_MILLIS);
            if (message == null) {
                return Optional.empty();
            }
            ParkedMessage view = ParkedMessage.read(message, queue);
            // One line, the producer's text JSON-escaped: a body cannot forge log lines.
            LOG.warning(() -> "Discarded parked message " + id + " from " + queue.destinationName()
                    + " on an operator's request: " + record(view));
            return Optional.of(view);
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    /**
     * The same body and priority on the ingest queue. The ingest message gets a new JMSMessageID
     * (the seed of the ids of events that have none) but the parked one's send time, so its events'
     * defaults are those of the first delivery. A message that is not text is forwarded as it is;
     * the consumer will refuse it again, and it stays on record in the rejected queue.
     */
    private Moved toIngest(Message message, ParkedQueue queue) throws JMSException {
        ParkedMessage view = ParkedMessage.read(message, queue);
        Message copy = message;
        if (message instanceof TextMessage text) {
            copy = jms.createTextMessage(text.getText());
            copy.setLongProperty(IngestProperties.ORIGINAL_TIMESTAMP, IngestProperties.sentAt(message));
            if (message.getJMSMessageID() != null) {
                copy.setStringProperty(IngestProperties.REPLAYED_FROM, message.getJMSMessageID());
            }
        }
        jms.createProducer().setPriority(message.getJMSPriority()).send(ingestQueue, copy);
        String ingestId = copy.getJMSMessageID();
        LOG.info(() -> "Replayed parked message " + view.id() + " from " + queue.destinationName() + " as " + ingestId);
        return new Moved(view, ingestId);
    }

    private static String record(ParkedMessage view) {
        JsonObjectBuilder record = Jsonp.createObjectBuilder();
        view.json(false).forEach(record::add);
        return record.add("body_sha256", HexFormat.of().formatHex(Sha256.of(view.text() == null ? "" : view.text())))
                .build().toString();
    }
}
