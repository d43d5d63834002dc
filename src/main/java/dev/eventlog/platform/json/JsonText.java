package dev.eventlog.platform.json;

import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** JSON-P to and from text, for the jsonb columns and the JMS text messages. */
public final class JsonText {

    private JsonText() {
    }

    /**
     * @throws JsonException for any text that does not parse, also where the parser's own limits
     *                       stop it (Parsson throws a bare RuntimeException for nesting deeper than
     *                       1,000), so callers can tell bad JSON from other failures
     */
    public static JsonValue parse(String text) {
        if (text == null) {
            return null;
        }
        try (JsonReader reader = Jsonp.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new JsonException("JSON could not be parsed: " + e.getMessage(), e);
        }
    }

    /** Null and JSON null both become SQL NULL, so a column never holds the text 'null'. */
    public static String text(JsonValue value) {
        return isNull(value) ? null : value.toString();
    }

    public static boolean isNull(JsonValue value) {
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }
}
