package dev.eventlog.platform.json;

import jakarta.json.JsonValue;

/** JSON-P to and from the text of jsonb columns. */
public final class JsonText {

    private JsonText() {
    }

    /** A column's text; any value PostgreSQL gives back can be read (see JsonInput#readStored). */
    public static JsonValue parse(String text) {
        return JsonInput.readStored(text);
    }

    /** Null and JSON null both become SQL NULL, so a column never holds the text 'null'. */
    public static String text(JsonValue value) {
        return isNull(value) ? null : value.toString();
    }

    public static boolean isNull(JsonValue value) {
        return value == null || value.getValueType() == JsonValue.ValueType.NULL;
    }
}
