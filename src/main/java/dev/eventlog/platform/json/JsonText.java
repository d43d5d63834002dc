package dev.eventlog.platform.json;

import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** JSON-P to and from text, for the jsonb columns and the JMS text messages. */
public final class JsonText {

    private JsonText() {
    }

    public static JsonValue parse(String text) {
        if (text == null) {
            return null;
        }
        try (JsonReader reader = Jsonp.createReader(new StringReader(text))) {
            return reader.readValue();
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
