package dev.eventlog.event;

import dev.eventlog.platform.time.Timestamps;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code _cursor} of the event list: the {@code (date_updated, id)} of the last row a page
 * returned, plus which way to continue. Keyset pagination over {@code (date_updated DESC, id DESC)}
 * stays correct while events keep arriving, which offsets do not.
 *
 * <p>Opaque (base64url of {@code o|2019-01-15T12:48:23.395000|ev_…}) so clients pass it back
 * untouched and the form can change. It is not signed: it only positions a scan within data the
 * caller may already read, so a forged cursor gains nothing. {@link #decode} is strict and
 * accepts only what {@link #encode} produces.
 */
public record EventCursor(LocalDateTime dateUpdated, String id, Direction direction) {

    /** Which side of the position the next page lies on, in {@code date_updated DESC} order. */
    public enum Direction {
        /** Rows after the position in the listing: older events. */
        OLDER('o'),
        /** Rows before the position: newer events, for paging back. */
        NEWER('n');

        private final char code;

        Direction(char code) {
            this.code = code;
        }

        static Direction fromCode(String code) {
            for (Direction d : values()) {
                if (code.length() == 1 && code.charAt(0) == d.code) {
                    return d;
                }
            }
            throw invalid();
        }
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_]{1,80}");
    private static final DateTimeFormatter DATE = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS")
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);
    /** Far above any cursor encode() makes; stops a huge parameter before any decoding work. */
    private static final int MAX_ENCODED_LENGTH = 200;

    /**
     * Truncates {@code dateUpdated} to microseconds, the precision the database and the text form
     * hold, so a cursor compares the same before and after a round trip.
     *
     * @throws IllegalArgumentException if the cursor could not be decoded again (bad id, year
     *     outside 1–9999)
     */
    public EventCursor {
        Objects.requireNonNull(dateUpdated, "dateUpdated");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("cursor id must match " + ID.pattern());
        }
        // The text form, like the API's, has four-digit years.
        if (dateUpdated.getYear() < 1 || dateUpdated.getYear() > 9999) {
            throw new IllegalArgumentException("cursor date out of range: " + dateUpdated);
        }
        dateUpdated = dateUpdated.truncatedTo(ChronoUnit.MICROS);
    }

    public String encode() {
        String text = direction.code + "|" + Timestamps.format(dateUpdated) + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException {@code "invalid _cursor"} for anything encode() would not produce */
    public static EventCursor decode(String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
            throw invalid();
        }
        EventCursor cursor;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(encoded);
            String text = StandardCharsets.US_ASCII.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            String[] parts = text.split("\\|", -1);
            if (parts.length != 3) {
                throw invalid();
            }
            cursor = new EventCursor(
                    LocalDateTime.parse(parts[1], DATE), parts[2], Direction.fromCode(parts[0]));
            // Rejects padding and base64 variants with stray low bits: each cursor has one spelling.
            if (!cursor.encode().equals(encoded)) {
                throw invalid();
            }
        } catch (IllegalArgumentException | DateTimeException | CharacterCodingException e) {
            throw invalid();
        }
        return cursor;
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("invalid _cursor");
    }
}
