package dev.eventlog.platform.json;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * JSON text to JSON-P values, in the two directions data crosses the database.
 *
 * <p>{@link #read} is for what callers send (request bodies, ingest messages). It refuses, with
 * the place named, everything that the JSON parser would silently change or that PostgreSQL would
 * refuse later, after the caller was told 202: trailing content after the value (an NDJSON body
 * is not a batch), duplicate keys (which one wins is anyone's guess), U+0000 and lone surrogates
 * in strings and keys (jsonb and text columns refuse the first, the driver turns the second into
 * '?'), numbers longer than {@value #MAX_NUMBER_DIGITS} digits when written out in full (PostgreSQL
 * prints a jsonb number in full, and a JSON parser must read it back: {@code 1e2000} is stored
 * but comes back as 2,001 digits), and nesting past {@value #MAX_DEPTH} levels, well before the
 * parser's own limit throws something that is not even a JsonException.
 *
 * <p>{@link #readChecked} applies the same rules but reports every problem with its place instead
 * of stopping at the first, for batches whose events are taken or refused one by one.
 *
 * <p>{@link #readStored} is for jsonb columns, which hold only what {@link #read} let through or
 * what an older version stored. It applies no limit of its own and reads numbers itself, so no
 * stored value, however long its numbers, can make a read fail; and it hands such numbers on in
 * their short form, so no reader of the API fails on them either.
 */
public final class JsonInput {

    /** Any document. Events have a stricter limit of their own (EventParser). */
    public static final int MAX_DEPTH = 100;
    /** Digits of a number written out in full, as PostgreSQL prints it back. */
    public static final int MAX_NUMBER_DIGITS = 1000;

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonInput() {
    }

    /** Bytes as UTF-8, refusing malformed sequences rather than turning them into U+FFFD. */
    public static String decodeUtf8(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new BadJsonException("The body is not valid UTF-8.");
        }
    }

    /** @throws BadJsonException naming the first problem and its place */
    public static JsonValue read(String text) {
        return new Reading(Mode.STRICT).parse(text);
    }

    /**
     * A document and every problem {@link #read} would refuse it for, so that a batch can refuse
     * its bad events one by one. Values at fault are kept as well as they can be (the last of
     * duplicate keys, null for a number that does not even fit a BigDecimal).
     *
     * @throws BadJsonException when the text is not JSON at all, or nests past {@link #MAX_DEPTH}
     */
    public static Checked readChecked(String text) {
        Reading reading = new Reading(Mode.COLLECT);
        return new Checked(reading.parse(text), List.copyOf(reading.problems));
    }

    /** A document read by {@link #readChecked}, with its problems (each has a path). */
    public record Checked(JsonValue value, List<BadJsonException> problems) {
    }

    /** A jsonb column's text; null stays null. */
    public static JsonValue readStored(String text) {
        return text == null ? null : new Reading(Mode.STORED).parse(text);
    }

    /**
     * What makes text unstorable, or null: PostgreSQL refuses U+0000 in text and jsonb, and an
     * unpaired surrogate has no UTF-8 form. Also for text that never was JSON (query parameters,
     * path segments).
     */
    public static String textProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "U+0000 (NUL) is not allowed";
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "an unpaired UTF-16 surrogate is not allowed";
            }
        }
        return null;
    }

    /** How many digits PostgreSQL prints for this number: its integer part and every decimal. */
    static long writtenOutDigits(BigDecimal number) {
        long decimals = Math.max(number.scale(), 0);
        long integer = number.signum() == 0 ? 1 : Math.max(1L, (long) number.precision() - number.scale());
        return integer + decimals;
    }

    private enum Mode {
        /** Input: the first problem throws. */
        STRICT,
        /** Input: problems are collected, reading goes on. */
        COLLECT,
        /** A jsonb column: no limits, long numbers made compact. */
        STORED
    }

    /** One parse: the containers still open (for the path of a problem) and what was found. */
    private static final class Reading {
        private final Mode mode;
        private final Deque<Container> open = new ArrayDeque<>();
        private final List<BadJsonException> problems = new ArrayList<>();

        Reading(Mode mode) {
            this.mode = mode;
        }

        JsonValue parse(String text) {
            JsonValue result = null;
            try (JsonParser parser = PROVIDER.createParser(new StringReader(text))) {
                // hasNext() after the top-level value reads on and throws on anything but the end.
                while (parser.hasNext()) {
                    JsonValue value;
                    switch (parser.next()) {
                        case START_OBJECT, START_ARRAY -> {
                            if (mode != Mode.STORED && open.size() >= MAX_DEPTH) {
                                throw problem("nested deeper than " + MAX_DEPTH + " levels");
                            }
                            open.push(parser.currentEvent() == JsonParser.Event.START_OBJECT
                                    ? new ObjectUnderway(mode != Mode.STORED) : new ArrayUnderway());
                            continue;
                        }
                        case KEY_NAME -> {
                            String key = parser.getString();
                            checkText(key, " in keys");
                            if (!((ObjectUnderway) open.peek()).key(key)) {
                                found(problem("duplicate key \"" + printable(key) + "\""));
                            }
                            continue;
                        }
                        case END_OBJECT, END_ARRAY -> value = open.pop().build();
                        case VALUE_STRING -> value = string(parser.getString());
                        case VALUE_NUMBER -> value = number(parser.getString());
                        case VALUE_TRUE -> value = JsonValue.TRUE;
                        case VALUE_FALSE -> value = JsonValue.FALSE;
                        default -> value = JsonValue.NULL;
                    }
                    if (open.isEmpty()) {
                        result = value;
                    } else {
                        open.peek().add(value);
                    }
                }
                return result;
            } catch (JsonParsingException e) {
                throw new BadJsonException("The body is not valid JSON (line " + e.getLocation().getLineNumber()
                        + ", column " + e.getLocation().getColumnNumber() + ").");
            } catch (JsonException e) {
                throw new BadJsonException("The body is not valid JSON.");
            } catch (BadJsonException e) {
                throw e;
            } catch (RuntimeException e) {
                // The parser's own limits (Parsson: nesting past 1,000) throw a bare RuntimeException.
                throw new BadJsonException("The body is beyond what the JSON parser reads.");
            }
        }

        private void checkText(String text, String where) {
            if (mode != Mode.STORED) {
                String problem = textProblem(text);
                if (problem != null) {
                    found(problem(problem + where));
                }
            }
        }

        private JsonValue string(String s) {
            checkText(s, " in strings");
            return PROVIDER.createValue(s);
        }

        private JsonValue number(String text) {
            BigDecimal number;
            try {
                if (mode != Mode.STORED && text.length() > MAX_NUMBER_DIGITS) {
                    throw new NumberFormatException();
                }
                number = new BigDecimal(text);
            } catch (NumberFormatException | ArithmeticException e) {
                found(problem("a number with more than " + MAX_NUMBER_DIGITS + " digits"));
                return JsonValue.NULL;
            }
            if (writtenOutDigits(number) > MAX_NUMBER_DIGITS) {
                if (mode == Mode.STORED) {
                    // Stored before the limit: give it back in its short form (1E+2000), which any
                    // JSON parser reads, rather than the 2,001 digits PostgreSQL prints.
                    return PROVIDER.createValue(number.stripTrailingZeros());
                }
                found(problem("a number with more than " + MAX_NUMBER_DIGITS + " digits written out in full"));
            }
            if (number.scale() <= 0 && number.precision() - number.scale() <= 18) {
                return PROVIDER.createValue(number.longValueExact());
            }
            return PROVIDER.createValue(number);
        }

        private void found(BadJsonException problem) {
            if (mode == Mode.STRICT) {
                throw problem;
            }
            problems.add(problem);
        }

        private BadJsonException problem(String problem) {
            StringBuilder path = new StringBuilder();
            open.descendingIterator().forEachRemaining(c -> c.appendPosition(path));
            String at = path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
            if (at.length() > 200) {
                at = at.substring(0, 200) + "…";
            }
            String sentence = Character.toUpperCase(problem.charAt(0)) + problem.substring(1) + ".";
            return at.isEmpty() ? new BadJsonException(sentence) : new BadJsonException(at, sentence);
        }
    }

    /** Keys are caller-controlled: cut them short and keep control characters out of messages. */
    private static String printable(String key) {
        String shown = key.length() > 50 ? key.substring(0, 50) + "…" : key;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    private interface Container {
        void add(JsonValue value);

        JsonValue build();

        void appendPosition(StringBuilder path);
    }

    private static final class ObjectUnderway implements Container {
        private final JsonObjectBuilder builder = PROVIDER.createObjectBuilder();
        private final Set<String> keys;
        private String key;

        ObjectUnderway(boolean refuseDuplicates) {
            keys = refuseDuplicates ? new HashSet<>() : null;
        }

        /** False for a key seen before in this object. */
        boolean key(String next) {
            key = next;
            return keys == null || keys.add(next);
        }

        public void add(JsonValue value) {
            builder.add(key, value);
        }

        public JsonValue build() {
            return builder.build();
        }

        public void appendPosition(StringBuilder path) {
            if (key != null) {
                path.append('.').append(printable(key));
            }
        }
    }

    private static final class ArrayUnderway implements Container {
        private final JsonArrayBuilder builder = PROVIDER.createArrayBuilder();
        private int size;

        public void add(JsonValue value) {
            builder.add(value);
            size++;
        }

        public JsonValue build() {
            return builder.build();
        }

        public void appendPosition(StringBuilder path) {
            path.append('[').append(size).append(']');
        }
    }
}
