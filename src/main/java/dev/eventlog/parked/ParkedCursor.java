package dev.eventlog.parked;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * A position in a parked queue listed oldest first: the {@code (JMSTimestamp, JMSMessageID)} of
 * the last message a page returned; the next page holds the messages after it. Keyset rather than
 * an offset, so replaying or discarding messages between two pages skips nothing.
 *
 * <p>Opaque (base64url of {@code 1764028093213|ID:…}) and strict like the event cursor:
 * {@link #decode} accepts only what {@link #encode} produces. The id part is empty for a message
 * without a JMSMessageID (a producer may disable them).
 */
public record ParkedCursor(long timestamp, String messageId) implements Comparable<ParkedCursor> {

    static final Comparator<ParkedCursor> ORDER =
            Comparator.comparingLong(ParkedCursor::timestamp).thenComparing(ParkedCursor::messageId);

    private static final Pattern MILLIS = Pattern.compile("0|[1-9][0-9]{0,18}");
    private static final int MAX_ENCODED_LENGTH = 200;

    public ParkedCursor {
        if (timestamp < 0) {
            throw new IllegalArgumentException("cursor timestamp must not be negative");
        }
        if (messageId == null) {
            messageId = "";
        }
        if (!messageId.isEmpty() && !ParkedMessageId.isWellFormed(messageId)) {
            throw new IllegalArgumentException("cursor id is not a well-formed message id");
        }
    }

    public String encode() {
        String text = timestamp + "|" + messageId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException for anything {@link #encode} would not produce */
    public static ParkedCursor decode(String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
            throw invalid();
        }
        try {
            String text = StandardCharsets.US_ASCII.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(encoded)))
                    .toString();
            int bar = text.indexOf('|');
            if (bar < 0 || !MILLIS.matcher(text.substring(0, bar)).matches()) {
                throw invalid();
            }
            ParkedCursor cursor = new ParkedCursor(Long.parseLong(text.substring(0, bar)), text.substring(bar + 1));
            // One spelling per cursor: no padding, no stray low bits.
            if (!cursor.encode().equals(encoded)) {
                throw invalid();
            }
            return cursor;
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw invalid();
        }
    }

    @Override
    public int compareTo(ParkedCursor other) {
        return ORDER.compare(this, other);
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("invalid _cursor");
    }
}
