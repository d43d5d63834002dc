package dev.eventlog.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.event.EventCursor.Direction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EventCursorTest {

    private static final LocalDateTime T = LocalDateTime.of(2019, 1, 15, 12, 48, 23, 395_000_000);
    private static final String ID = "ev_2sYKRjcrA79yKxi3S4Crd7";

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertInvalid(String encoded) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> EventCursor.decode(encoded), String.valueOf(encoded));
        assertEquals("invalid _cursor", e.getMessage());
    }

    @Test
    void roundTripsBothDirections() {
        for (Direction direction : Direction.values()) {
            EventCursor cursor = new EventCursor(T, ID, direction);
            assertEquals(cursor, EventCursor.decode(cursor.encode()));
        }
    }

    @Test
    void encodedFormIsUrlSafeWithoutPadding() {
        for (int i = 0; i < 50; i++) {
            String id = "ev_" + "x".repeat(i + 1);
            String encoded = new EventCursor(T.plusNanos(i * 1000L), id, Direction.NEWER).encode();
            assertTrue(encoded.matches("[A-Za-z0-9_-]+"), encoded);
        }
    }

    @Test
    void encodedTextHasTheDocumentedCompactForm() {
        String encoded = new EventCursor(T, ID, Direction.OLDER).encode();
        assertEquals("o|2019-01-15T12:48:23.395000|" + ID,
                new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.US_ASCII));
        assertEquals(b64("n|2019-01-15T12:48:23.395000|" + ID), new EventCursor(T, ID, Direction.NEWER).encode());
    }

    @Test
    void microsecondPrecisionSurvives() {
        LocalDateTime micros = LocalDateTime.of(2019, 1, 15, 12, 48, 23, 395_123_000);
        EventCursor decoded = EventCursor.decode(new EventCursor(micros, ID, Direction.OLDER).encode());
        assertEquals(micros, decoded.dateUpdated());

        LocalDateTime oneMicro = LocalDateTime.of(2019, 1, 15, 12, 48, 23, 1_000);
        assertEquals(oneMicro, EventCursor.decode(new EventCursor(oneMicro, ID, Direction.NEWER).encode()).dateUpdated());

        LocalDateTime whole = LocalDateTime.of(2019, 1, 15, 0, 0);
        assertEquals(whole, EventCursor.decode(new EventCursor(whole, ID, Direction.NEWER).encode()).dateUpdated());
    }

    @Test
    void nanosecondsAreTruncatedOnConstructionSoRoundTripsStayEqual() {
        EventCursor cursor = new EventCursor(T.plusNanos(999), ID, Direction.OLDER);
        assertEquals(T, cursor.dateUpdated());
        assertEquals(cursor, EventCursor.decode(cursor.encode()));
    }

    @Test
    void decodedFieldsAreExposed() {
        EventCursor decoded = EventCursor.decode(b64("n|2020-02-29T23:59:59.999999|whsub_Abc_123"));
        assertEquals(LocalDateTime.of(2020, 2, 29, 23, 59, 59, 999_999_000), decoded.dateUpdated());
        assertEquals("whsub_Abc_123", decoded.id());
        assertEquals(Direction.NEWER, decoded.direction());
    }

    @Test
    void acceptsIdsUpToEightyCharacters() {
        String longId = "a".repeat(80);
        assertEquals(longId, EventCursor.decode(new EventCursor(T, longId, Direction.OLDER).encode()).id());
        assertEquals("_", EventCursor.decode(b64("o|2019-01-15T12:48:23.395000|_")).id());
    }

    @Test
    void constructorRejectsWhatCouldNotBeDecoded() {
        assertThrows(NullPointerException.class, () -> new EventCursor(null, ID, Direction.OLDER));
        assertThrows(NullPointerException.class, () -> new EventCursor(T, null, Direction.OLDER));
        assertThrows(NullPointerException.class, () -> new EventCursor(T, ID, null));
        assertThrows(IllegalArgumentException.class, () -> new EventCursor(T, "", Direction.OLDER));
        assertThrows(IllegalArgumentException.class, () -> new EventCursor(T, "ev|x", Direction.OLDER));
        assertThrows(IllegalArgumentException.class, () -> new EventCursor(T, "a".repeat(81), Direction.OLDER));
        assertThrows(IllegalArgumentException.class,
                () -> new EventCursor(LocalDateTime.of(10000, 1, 1, 0, 0), ID, Direction.OLDER));
        assertThrows(IllegalArgumentException.class,
                () -> new EventCursor(LocalDateTime.of(0, 1, 1, 0, 0), ID, Direction.OLDER));
    }

    @Test
    void rejectsEmptyAndNonBase64() {
        assertInvalid(null);
        assertInvalid("");
        assertInvalid(" ");
        assertInvalid("not a cursor");
        assertInvalid("!!!!");
        assertInvalid("a");
        assertInvalid("%6F%7C");
    }

    @Test
    void rejectsStandardBase64AndPadding() {
        String text = "o|2019-01-15T12:48:23.395000|ev_a?";
        // '?' in the text makes standard base64 produce '/', which the URL alphabet lacks.
        String standard = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
        assertTrue(standard.contains("/") || standard.contains("+") || standard.contains("="), standard);
        assertInvalid(standard);

        String valid = new EventCursor(T, "ev_ab", Direction.OLDER).encode();
        assertTrue(valid.length() % 4 != 0, "test needs an encoding that would be padded");
        String padded = Base64.getUrlEncoder().encodeToString(Base64.getUrlDecoder().decode(valid));
        assertTrue(padded.endsWith("="));
        assertInvalid(padded);
    }

    @Test
    void rejectsWrongNumberOfParts() {
        assertInvalid(b64("o|2019-01-15T12:48:23.395000"));
        assertInvalid(b64("o|2019-01-15T12:48:23.395000|ev_a|extra"));
        assertInvalid(b64("o|2019-01-15T12:48:23.395000|"));
        assertInvalid(b64("|2019-01-15T12:48:23.395000|ev_a"));
        assertInvalid(b64("o||ev_a"));
        assertInvalid(b64("o"));
        assertInvalid(b64("||"));
        assertInvalid(b64("o 2019-01-15T12:48:23.395000 ev_a"));
    }

    @Test
    void rejectsBadDirection() {
        assertInvalid(b64("x|2019-01-15T12:48:23.395000|ev_a"));
        assertInvalid(b64("O|2019-01-15T12:48:23.395000|ev_a"));
        assertInvalid(b64("older|2019-01-15T12:48:23.395000|ev_a"));
        assertInvalid(b64("on|2019-01-15T12:48:23.395000|ev_a"));
    }

    @Test
    void rejectsBadDates() {
        assertInvalid(b64("o|2019-13-15T12:48:23.395000|ev_a"));
        assertInvalid(b64("o|2019-02-29T12:48:23.395000|ev_a"));
        assertInvalid(b64("o|2019-01-15T25:48:23.395000|ev_a"));
        assertInvalid(b64("o|2019-01-15T12:48:23.395|ev_a"));
        assertInvalid(b64("o|2019-01-15T12:48:23|ev_a"));
        assertInvalid(b64("o|2019-01-15|ev_a"));
        assertInvalid(b64("o|2019-01-15T12:48:23.395000Z|ev_a"));
        assertInvalid(b64("o|2019-01-15T12:48:23.395000123|ev_a"));
        assertInvalid(b64("o|+10000-01-15T12:48:23.395000|ev_a"));
        assertInvalid(b64("o|yesterday|ev_a"));
    }

    @Test
    void rejectsBadIds() {
        assertInvalid(b64("o|2019-01-15T12:48:23.395000|ev-a"));
        assertInvalid(b64("o|2019-01-15T12:48:23.395000|ev a"));
        assertInvalid(b64("o|2019-01-15T12:48:23.395000|ev_a'--"));
        assertInvalid(b64("o|2019-01-15T12:48:23.395000|ev_é"));
        assertInvalid(b64("o|2019-01-15T12:48:23.395000|" + "a".repeat(81)));
        assertInvalid(b64("o|2019-01-15T12:48:23.395000|ev_a\n"));
    }

    @Test
    void rejectsNonAsciiBytes() {
        byte[] bytes = "o|2019-01-15T12:48:23.395000|ev_a".getBytes(StandardCharsets.US_ASCII);
        bytes[bytes.length - 1] = (byte) 0xE1;
        assertInvalid(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    @Test
    void rejectsTamperedEncodings() {
        String valid = new EventCursor(T, ID, Direction.OLDER).encode();
        // Not signed: dropping whole bytes off the id end can leave a valid (other) cursor, so
        // cut into the structure instead.
        assertInvalid(valid.substring(0, 30));
        assertInvalid(valid.substring(0, valid.length() - 2) + "=");
        assertInvalid(valid.substring(1));
        assertInvalid(valid + "A");
        assertInvalid(valid + "==");
        assertInvalid(valid + "\n");
        assertInvalid(" " + valid);
        assertInvalid(valid.replace(valid.charAt(3), '+'));
        assertInvalid(valid.substring(0, 5) + "." + valid.substring(6));
        assertInvalid(valid.toUpperCase());
        assertInvalid(valid + valid);
        assertInvalid("A".repeat(10_000));
    }

    @Test
    void rejectsNonCanonicalTrailingBits() {
        // 34 bytes of text: the last base64 character carries 2 data bits and 4 unused ones. A
        // plain decoder ignores the unused bits, so 16 spellings would decode to the same cursor;
        // only the one encode() produced may be accepted.
        String valid = new EventCursor(T, "ev_ab", Direction.OLDER).encode();
        assertEquals(34, Base64.getUrlDecoder().decode(valid).length);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(valid.charAt(valid.length() - 1));
        int sameData = 0;
        for (int i = 0; i < alphabet.length(); i++) {
            if (i >> 4 != last >> 4) {
                continue;
            }
            sameData++;
            String variant = valid.substring(0, valid.length() - 1) + alphabet.charAt(i);
            assertEquals(Base64.getUrlDecoder().decode(valid).length, Base64.getUrlDecoder().decode(variant).length);
            if (i == last) {
                assertEquals(new EventCursor(T, "ev_ab", Direction.OLDER), EventCursor.decode(variant));
            } else {
                assertInvalid(variant);
            }
        }
        assertEquals(16, sameData);
    }

    @Test
    void equalCursorsEncodeEqually() {
        assertEquals(new EventCursor(T, ID, Direction.OLDER).encode(), new EventCursor(T, ID, Direction.OLDER).encode());
        assertFalse(new EventCursor(T, ID, Direction.OLDER).encode()
                .equals(new EventCursor(T, ID, Direction.NEWER).encode()));
    }
}
