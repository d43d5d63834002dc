package dev.eventlog.platform.jms;

import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * The JMS properties of ingest messages and of the messages parked from them, shared by the
 * ingest consumer, which writes and reads them, and the operator's endpoints for parked messages.
 */
public final class IngestProperties {

    /** On a parked message: why it was refused. */
    public static final String ERROR = "eventlog_error";
    /** On a parked message: the JMSMessageID of the ingest message it came from. */
    public static final String ORIGINAL_MESSAGE_ID = "eventlog_original_message_id";
    /**
     * On a replayed ingest message: the JMSTimestamp of the message it replays. Defaults of its
     * events (date_created, the time part of generated ids) come from it, as they would have from
     * the first delivery, not from the moment an operator replayed it.
     */
    public static final String ORIGINAL_TIMESTAMP = "eventlog_original_timestamp";
    /** On a replayed ingest message: the JMSMessageID of the parked message it was made from. */
    public static final String REPLAYED_FROM = "eventlog_replayed_from";

    private IngestProperties() {
    }

    /**
     * When the producer sent {@code message}: the carried-over timestamp of a replay, else its
     * JMSTimestamp. A property of the wrong type is ignored rather than failing the delivery:
     * a producer could set it, and it must not turn a message into one that can never be read.
     */
    public static long sentAt(Message message) throws JMSException {
        Object carried = message.getObjectProperty(ORIGINAL_TIMESTAMP);
        if (carried instanceof Long millis && millis > 0) {
            return millis;
        }
        return message.getJMSTimestamp();
    }
}
