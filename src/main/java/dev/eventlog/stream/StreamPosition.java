package dev.eventlog.stream;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A place in the stream: the transaction that wrote a row version and that row's sequence number
 * (V9). Shown as two fixed-width hexadecimal numbers, {@code 0000000000000b2f-00000000000004d2},
 * so positions compare as strings in the order they are read (a consumer dedupes with a plain
 * string comparison) and nobody is tempted to do arithmetic on them.
 *
 * <p>A position names the last change a reader has seen: reading "after" it returns what follows.
 * {@code (tx, 0)} is the place just before everything transaction {@code tx} and later wrote.
 */
public record StreamPosition(long tx, long seq) implements Comparable<StreamPosition> {

    /** Before every row: the whole retained log follows. */
    public static final StreamPosition START = new StreamPosition(0, 0);

    private static final Pattern FORMAT = Pattern.compile("[0-9a-fA-F]{16}-[0-9a-fA-F]{16}");

    public StreamPosition {
        if (tx < 0 || seq < 0) {
            throw new IllegalArgumentException("negative stream position");
        }
    }

    /** Just before whatever transaction {@code horizon} and later write. */
    public static StreamPosition before(long horizon) {
        return new StreamPosition(horizon, 0);
    }

    /** What a field error says of text that is not a position. */
    public static final String EXPECTED = "Not a stream position: two 16-digit hexadecimal numbers joined by '-', "
            + "as the stream's 'position' and 'next' give them.";

    /** The position {@code text} shows, or empty if it is not one (or is out of range). */
    public static Optional<StreamPosition> parse(String text) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            return Optional.empty();
        }
        long tx = Long.parseUnsignedLong(text.substring(0, 16), 16);
        long seq = Long.parseUnsignedLong(text.substring(17), 16);
        return tx < 0 || seq < 0 ? Optional.empty() : Optional.of(new StreamPosition(tx, seq));
    }

    public String format() {
        return String.format("%016x-%016x", tx, seq);
    }

    public StreamPosition max(StreamPosition other) {
        return compareTo(other) >= 0 ? this : other;
    }

    @Override
    public int compareTo(StreamPosition o) {
        int byTx = Long.compare(tx, o.tx);
        return byTx != 0 ? byTx : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
        return format();
    }
}
