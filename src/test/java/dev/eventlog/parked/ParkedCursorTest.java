package dev.eventlog.parked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParkedCursorTest {

    private static final String ID = "ID:3f2504e0-4f89-11d3-9a0c-0305e82c3301";

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertInvalid(String encoded) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ParkedCursor.decode(encoded), String.valueOf(encoded));
        assertEquals("invalid _cursor", e.getMessage());
    }

    @Test
    void roundTrips() {
        for (ParkedCursor cursor : List.of(new ParkedCursor(1764028093213L, ID), new ParkedCursor(0, ""),
                new ParkedCursor(Long.MAX_VALUE, "ID:x"))) {
            assertEquals(cursor, ParkedCursor.decode(cursor.encode()));
            assertTrue(cursor.encode().matches("[A-Za-z0-9_-]+"), cursor.encode());
        }
        assertEquals(b64("1764028093213|" + ID), new ParkedCursor(1764028093213L, ID).encode());
    }

    @Test
    void aMissingMessageIdIsTheEmptyOne() {
        assertEquals("", new ParkedCursor(5, null).messageId());
    }

    @Test
    void ordersByTimestampThenId() {
        ParkedCursor a = new ParkedCursor(10, "ID:b");
        ParkedCursor b = new ParkedCursor(11, "ID:a");
        ParkedCursor c = new ParkedCursor(11, "ID:b");
        assertTrue(a.compareTo(b) < 0);
        assertTrue(b.compareTo(c) < 0);
        assertTrue(c.compareTo(a) > 0);
        assertEquals(0, c.compareTo(new ParkedCursor(11, "ID:b")));
    }

    @Test
    void constructorRefusesWhatCouldNotBeDecoded() {
        assertThrows(IllegalArgumentException.class, () -> new ParkedCursor(-1, ID));
        assertThrows(IllegalArgumentException.class, () -> new ParkedCursor(1, "ID:a'b"));
        assertThrows(IllegalArgumentException.class, () -> new ParkedCursor(1, "nope"));
    }

    @Test
    void refusesWhatEncodeWouldNotProduce() {
        assertInvalid(null);
        assertInvalid("");
        assertInvalid("not a cursor");
        assertInvalid("A".repeat(201));
        assertInvalid(b64("1764028093213"));
        assertInvalid(b64("|" + ID));
        assertInvalid(b64("-1|" + ID));
        assertInvalid(b64("+1|" + ID));
        assertInvalid(b64("01|" + ID));
        assertInvalid(b64(" 1|" + ID));
        assertInvalid(b64("1e3|" + ID));
        assertInvalid(b64("99999999999999999999|" + ID));
        assertInvalid(b64("9223372036854775808|" + ID));
        assertInvalid(b64("1|" + ID + "|x"));
        assertInvalid(b64("1|ID:a' OR '1'='1"));
        assertInvalid(b64("1|ID:a\u0000"));
        assertInvalid(b64("1|ID:\u00e9"));
        String valid = new ParkedCursor(1764028093213L, ID).encode();
        assertInvalid(valid + "=");
        assertInvalid(valid + "\n");
        assertInvalid(Base64.getEncoder().encodeToString(("1|" + ID).getBytes(StandardCharsets.US_ASCII)));
    }
}
