package dev.eventlog.platform.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonInputTest {

    private static BadJsonException refused(String text) {
        return assertThrows(BadJsonException.class, () -> JsonInput.read(text));
    }

    @Nested
    class Refuses {

        @Test
        void trailingContentAfterTheValue() {
            // Two NDJSON lines are not a batch of two: the second must not vanish silently.
            refused("{\"a\": 1}\n{\"a\": 2}");
            refused("[1] x");
            refused("{} {}");
        }

        @Test
        void duplicateKeysAtAnyDepth() {
            BadJsonException e = refused("{\"data\": {\"n\": 1, \"n\": 2}}");
            assertEquals("data.n", e.path());
            assertTrue(e.problem().startsWith("Duplicate key \"n\""), e.problem());
        }

        @Test
        void nulInStringsAndKeysAtAnyDepth() {
            BadJsonException inString = refused("[{\"data\": {\"note\": \"a\\u0000b\"}}]");
            assertEquals("[0].data.note", inString.path());
            assertTrue(inString.problem().contains("U+0000"), inString.problem());
            BadJsonException inKey = refused("{\"data\": {\"a\\u0000\": 1}}");
            assertEquals("data", inKey.path());
            refused("{\"x\": \"\u0000\"}");
        }

        @Test
        void loneSurrogates() {
            refused("{\"a\": \"\\ud800\"}");
            refused("{\"a\": \"x\\udc00y\"}");
            refused("{\"a\": \"\\ud800\\ud800\"}");
            refused("{\"\\udfff\": 1}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1e2000", "1e1000000", "-1e1001", "1e-1000", "0.0e-1000", "1e99999999999"})
        void numbersPostgresqlWouldPrintBackTooLong(String number) {
            BadJsonException e = refused("{\"n\": " + number + "}");
            assertEquals("n", e.path());
        }

        @Test
        void numbersWithTooManyDigits() {
            refused("[" + "9".repeat(1001) + "]");
        }

        @Test
        void nestingPastTheLimitBeforeTheParserThrowsItsOwnError() {
            refused("[".repeat(JsonInput.MAX_DEPTH + 1) + "]".repeat(JsonInput.MAX_DEPTH + 1));
            // Parsson's own limit (1000) throws a plain RuntimeException; ours comes first.
            refused("[".repeat(5000) + "]".repeat(5000));
            refused("{\"a\":".repeat(2000) + "1" + "}".repeat(2000));
        }

        @Test
        void malformedJsonWithItsPosition() {
            BadJsonException e = refused("{\"a\": tru}");
            assertNull(e.path());
            assertTrue(e.getMessage().contains("line 1"), e.getMessage());
            refused("");
            refused("   ");
            refused("{\"a\": 1,}");
            refused("NaN");
        }

        @Test
        void invalidUtf8() {
            assertThrows(BadJsonException.class, () -> JsonInput.decodeUtf8(new byte[]{'"', (byte) 0xC3, '"'}));
            assertThrows(BadJsonException.class, () -> JsonInput.decodeUtf8(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
            assertThrows(BadJsonException.class, () -> JsonInput.decodeUtf8(new byte[]{(byte) 0xFF}));
        }
    }

    @Nested
    class Accepts {

        @Test
        void nestingUpToTheLimit() {
            int depth = JsonInput.MAX_DEPTH;
            JsonValue value = JsonInput.read("[".repeat(depth) + "]".repeat(depth));
            assertEquals(JsonValue.ValueType.ARRAY, value.getValueType());
        }

        @Test
        void numbersUpToTheLimitUnchanged() {
            String thousandDigits = "9".repeat(1000);
            JsonNumber n = (JsonNumber) JsonInput.read("[" + thousandDigits + "]").asJsonArray().get(0);
            assertEquals(new BigDecimal(thousandDigits), n.bigDecimalValue());
            assertEquals("1.50", JsonInput.read("[1.50]").asJsonArray().get(0).toString(), "scale is kept");
            assertEquals(100, JsonInput.read("[1e2]").asJsonArray().getInt(0));
            assertEquals(new BigDecimal("1e-999"), ((JsonNumber) JsonInput.read("[1e-999]").asJsonArray().get(0)).bigDecimalValue());
            assertEquals(Long.MAX_VALUE, ((JsonNumber) JsonInput.read("[9223372036854775807]").asJsonArray().get(0)).longValueExact());
        }

        @Test
        void pairedSurrogatesAndOtherControlCharacters() {
            JsonObject o = JsonInput.read("{\"emoji\": \"\\ud83d\\ude00 \uD83D\uDE00\", \"tab\": \"a\\tb\\u0001\"}").asJsonObject();
            assertEquals("\uD83D\uDE00 \uD83D\uDE00", o.getString("emoji"));
            assertEquals("a\tb\u0001", o.getString("tab"));
        }

        @Test
        void utf8WithAndWithoutMultiByteCharacters() {
            String text = "{\"name\": \"Zoë 日本 \uD83D\uDE00\"}";
            assertEquals(text, JsonInput.decodeUtf8(text.getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void anyScalarOrStructureAtTheTop() {
            assertEquals(JsonValue.NULL, JsonInput.read("null"));
            assertEquals(JsonValue.TRUE, JsonInput.read(" true \n"));
            assertEquals("x", ((jakarta.json.JsonString) JsonInput.read("\"x\"")).getString());
        }
    }

    @Nested
    class ReadsStoredValuesWithoutLimits {

        @Test
        void numbersAsLongAsPostgresqlPrintsThem() {
            // What an older version let through: 1e2000 comes back from jsonb as 2,001 digits,
            // which the JSON-P parser refuses (1,100 at most); it must still be readable.
            String printed = "1" + "0".repeat(2000);
            JsonNumber n = (JsonNumber) JsonInput.readStored("{\"n\": " + printed + "}").asJsonObject().get("n");
            assertEquals(0, new BigDecimal(printed).compareTo(n.bigDecimalValue()));
        }

        @Test
        void longNumbersComeBackInTheirShortForm() {
            // So that no client of the API (a JSON-P one included) fails on them either.
            JsonValue n = JsonInput.readStored("[1" + "0".repeat(2000) + "]").asJsonArray().get(0);
            assertEquals("1E+2000", n.toString());
            assertEquals("[12.50]", JsonInput.readStored("[12.50]").toString(), "short numbers as they are");
        }

        @Test
        void nullStaysNull() {
            assertNull(JsonInput.readStored(null));
        }

        @Test
        void deepValuesAnOlderVersionStored() {
            assertEquals(JsonValue.ValueType.ARRAY, JsonInput.readStored("[".repeat(500) + "]".repeat(500)).getValueType());
        }
    }

    @Test
    void checkedReadingNamesEveryProblemAndKeepsGoing() {
        JsonInput.Checked checked = JsonInput.readChecked(
                "[{\"a\": \"x\\u0000\"}, {\"ok\": 1}, {\"n\": 1e2000, \"d\": 1, \"d\": 2}]");
        assertEquals(3, checked.value().asJsonArray().size());
        assertEquals(java.util.List.of("[0].a", "[2].n", "[2].d"),
                checked.problems().stream().map(BadJsonException::path).toList());
        assertTrue(JsonInput.readChecked("{\"fine\": true}").problems().isEmpty());
        // What is not JSON at all still fails as a whole.
        assertThrows(BadJsonException.class, () -> JsonInput.readChecked("[{}] trailing"));
    }

    @Test
    void textProblems() {
        assertNull(JsonInput.textProblem("plain ütf \uD83D\uDE00"));
        assertTrue(JsonInput.textProblem("a\u0000").contains("U+0000"));
        assertTrue(JsonInput.textProblem("\uD800").contains("surrogate"));
        assertTrue(JsonInput.textProblem("\uDC00\uD800").contains("surrogate"));
    }

    @Test
    void writtenOutDigitsAsPostgresqlPrintsNumbers() {
        assertEquals(1, JsonInput.writtenOutDigits(new BigDecimal("0")));
        assertEquals(4, JsonInput.writtenOutDigits(new BigDecimal("0.001")));
        assertEquals(3, JsonInput.writtenOutDigits(new BigDecimal("1e2")));
        assertEquals(4, JsonInput.writtenOutDigits(new BigDecimal("12.50")));
        assertEquals(2001, JsonInput.writtenOutDigits(new BigDecimal("1e2000")));
    }
}
