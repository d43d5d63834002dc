package dev.eventlog.parked;

import dev.eventlog.platform.jms.IngestProperties;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.time.Timestamps;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What the API shows of one parked message, read with portable JMS calls only. The body is the
 * producer's and may be anything: it leaves as a JSON string (escaped by the JSON writer), in
 * full only when one message is asked for, else as a preview of its first 2,048 characters.
 */
public record ParkedMessage(String id, ParkedQueue queue, String reason, String originalMessageId,
                            long timestamp, int priority, String bodyType, Long size, String text) {

    public static final int PREVIEW_CHARS = 2048;

    static final String DEAD_REASON = "Exhausted its redeliveries: every delivery to the ingest consumer failed"
            + " (the server log has the errors).";

    /**
     * A dead letter is the ingest message itself, moved by the broker with its id and timestamp
     * (JMSXDeliveryCount is not shown: a browser reports 0, and the failed deliveries are the
     * broker's max-delivery-attempts). A rejected one is a new message the consumer made, which
     * names the ingest message in a property.
     */
    static ParkedMessage read(Message message, ParkedQueue queue) throws JMSException {
        String reason = message.getStringProperty(IngestProperties.ERROR);
        String original = message.getStringProperty(IngestProperties.ORIGINAL_MESSAGE_ID);
        if (queue == ParkedQueue.DEAD) {
            reason = reason == null ? DEAD_REASON : reason;
            original = original == null ? message.getJMSMessageID() : original;
        }
        String type;
        Long size;
        String text = null;
        if (message instanceof TextMessage textMessage) {
            type = "text";
            text = textMessage.getText();
            size = text == null ? 0L : (long) text.getBytes(StandardCharsets.UTF_8).length;
        } else if (message instanceof BytesMessage bytes) {
            type = "bytes";
            size = bytes.getBodyLength();
        } else {
            type = "other";
            size = null;
        }
        return new ParkedMessage(message.getJMSMessageID(), queue, reason, original,
                message.getJMSTimestamp(), message.getJMSPriority(), type, size, text);
    }

    ParkedCursor position() {
        return new ParkedCursor(Math.max(0, timestamp), id);
    }

    /** {@code full}: the whole body; else its preview. */
    public JsonObject json(boolean full) {
        JsonObjectBuilder json = Jsonp.createObjectBuilder()
                .add("id", orNull(id))
                .add("queue", queue.label())
                .add("reason", orNull(reason))
                .add("original_message_id", orNull(originalMessageId))
                .add("date_parked", timestamp > 0 ? Jsonp.createValue(Timestamps.format(Timestamps.toUtc(Instant.ofEpochMilli(timestamp)))) : JsonValue.NULL)
                .add("priority", priority)
                .add("body_type", bodyType)
                .add("size", size == null ? JsonValue.NULL : Jsonp.createValue(size));
        if (full) {
            json.add("body", orNull(text));
        } else {
            json.add("body_preview", orNull(preview(text)))
                    .add("body_truncated", text != null && text.length() > PREVIEW_CHARS);
        }
        return json.build();
    }

    /** The first {@link #PREVIEW_CHARS} characters, never ending on half of a surrogate pair. */
    static String preview(String text) {
        if (text == null || text.length() <= PREVIEW_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(PREVIEW_CHARS - 1)) ? PREVIEW_CHARS - 1 : PREVIEW_CHARS;
        return text.substring(0, end);
    }

    private static JsonValue orNull(String value) {
        return value == null ? JsonValue.NULL : Jsonp.createValue(value);
    }
}
