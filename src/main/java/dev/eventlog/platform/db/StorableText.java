package dev.eventlog.platform.db;

import java.nio.charset.StandardCharsets;

/**
 * Text from outside (a webhook receiver's answer, an exception's message) made fit for a
 * PostgreSQL {@code text} column, whatever it held. PostgreSQL refuses U+0000 in text outright
 * ({@code invalid byte sequence for encoding "UTF8": 0x00}), and a lone surrogate has no UTF-8
 * form at all: either one made the whole transaction that wrote it fail, again on every retry.
 */
public final class StorableText {

    private static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** Decodes leniently (malformed UTF-8 becomes U+FFFD), then as {@link #of(String, int)}. */
    public static String of(byte[] utf8, int maxBytes) {
        return utf8 == null ? null : of(new String(utf8, StandardCharsets.UTF_8), maxBytes);
    }

    /**
     * Drops U+0000, replaces lone surrogates with U+FFFD and keeps at most {@code maxBytes} of
     * UTF-8, cut between characters (never inside a surrogate pair). Text that needs none of
     * this, nearly all of it, is returned as it is, without a copy.
     */
    public static String of(String text, int maxBytes) {
        if (text == null) {
            return null;
        }
        StringBuilder fixed = null; // made at the first change only
        int bytes = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1));
            int chars = pair ? 2 : 1;
            if (c == 0) {
                fixed = copyUpTo(fixed, text, i);
                i += chars;
                continue;
            }
            boolean lone = !pair && Character.isSurrogate(c);
            int width = pair ? 4 : lone ? 3 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (bytes + width > maxBytes) {
                return fixed != null ? fixed.toString() : text.substring(0, i);
            }
            bytes += width;
            if (lone) {
                fixed = copyUpTo(fixed, text, i);
                fixed.append(REPLACEMENT);
            } else if (fixed != null) {
                fixed.append(text, i, i + chars);
            }
            i += chars;
        }
        return fixed != null ? fixed.toString() : text;
    }

    private static StringBuilder copyUpTo(StringBuilder fixed, String text, int end) {
        return fixed != null ? fixed : new StringBuilder(text.length()).append(text, 0, end);
    }
}
