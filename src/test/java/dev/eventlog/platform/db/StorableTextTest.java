package dev.eventlog.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StorableTextTest {

    private static final int KB20 = 20 * 1024;

    /** What PostgreSQL's text accepts: no U+0000, and no char that is half of a surrogate pair. */
    private static void assertStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertTrue(c != 0, "NUL at " + i);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)), "lone high surrogate at " + i);
                i++;
            } else {
                assertTrue(!Character.isLowSurrogate(c), "lone low surrogate at " + i);
            }
        }
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void ordinaryTextIsKeptAsItIsWithoutACopy() {
        String text = "{\"ok\": true, \"name\": \"Zoë 😀\"}";
        assertSame(text, StorableText.of(text, KB20));
        assertNull(StorableText.of((String) null, KB20));
        assertNull(StorableText.of((byte[]) null, KB20));
    }

    @Test
    void nulBytesAreDropped() {
        assertEquals("okdone", StorableText.of("ok\u0000done\u0000", KB20));
        // UTF-16LE text, as some receivers answer: readable once its NULs are gone.
        assertEquals("hello", StorableText.of("hello".getBytes(StandardCharsets.UTF_16LE), KB20));
    }

    @Test
    void loneSurrogatesBecomeTheReplacementCharacter() {
        assertEquals("a\uFFFDb\uFFFD", StorableText.of("a\uD800b\uDC00", KB20));
        assertEquals("\uFFFD\uD83D\uDE00", StorableText.of("\uDE00\uD83D\uDE00", KB20), "a pair stays a pair");
        assertEquals("x\uFFFD", StorableText.of("x\uD83D", KB20), "a high surrogate at the very end");
    }

    @Test
    void invalidUtf8IsDecodedLeniently() {
        byte[] gzipHeaderAndMore = {(byte) 0x1f, (byte) 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, (byte) 0xff, (byte) 0xc3, 'A'};
        String text = StorableText.of(gzipHeaderAndMore, KB20);
        assertStorable(text);
        assertEquals("\u001f\uFFFD\b\uFFFD\uFFFDA", text);
    }

    @Test
    void theCapCutsBetweenCharactersNeverInsideOne() {
        // 'é' is 2 bytes in UTF-8: 10,241 of them are 20,482 bytes, so the cut falls inside the last one.
        String twoByte = "é".repeat(10_241);
        String kept = StorableText.of(twoByte, KB20);
        assertEquals(10_240, kept.length());
        assertEquals(KB20, utf8Length(kept));

        // A surrogate pair (4 bytes) straddling the cap is left out whole, not halved.
        String pairs = "a".repeat(KB20 - 2) + "😀😀";
        String cut = StorableText.of(pairs, KB20);
        assertEquals("a".repeat(KB20 - 2), cut);
        assertStorable(cut);

        // Three-byte characters: 20,480 is not a multiple of 3, so the last whole one ends at 20,478.
        String threeByte = "€".repeat(7_000);
        assertEquals(20_478, utf8Length(StorableText.of(threeByte, KB20)));
    }

    @Test
    void theCapCountsWhatIsStoredAfterCleaning() {
        // Invalid bytes each become U+FFFD (3 bytes): a 20 KB binary answer is cut to 20 KB of text, not 60.
        byte[] binary = new byte[KB20];
        java.util.Arrays.fill(binary, (byte) 0xff);
        String text = StorableText.of(binary, KB20);
        assertTrue(utf8Length(text) <= KB20, utf8Length(text) + " bytes");
        assertEquals(KB20 / 3, text.length());
        // Dropped NULs take no room: the rest after them still fits.
        assertEquals("b".repeat(10), StorableText.of("\u0000".repeat(100) + "b".repeat(10), 10));
        assertEquals("ab\uFFFD", StorableText.of("ab\uD800\u0000cd", 5));
    }
}
