package dev.eventlog.platform.json;

import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.error.FieldErrors;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Request bodies read as JSON-P, so that a malformed or mistyped body gets the API's own error
 * format (and a field error naming the culprit) instead of a provider's plain-text message.
 */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** The body as any JSON value; empty or malformed bodies are a 400. */
    public static JsonValue value(String body, String whenEmpty) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest(whenEmpty);
        }
        try {
            return JsonText.parse(body);
        } catch (JsonException e) {
            throw ApiException.badRequest("The request body is not valid JSON.");
        }
    }

    /** The body as a JSON object; an empty body is {} when {@code optional}. */
    public static JsonObject object(String body, boolean optional) {
        if (optional && (body == null || body.isBlank())) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        JsonValue value = value(body, "A JSON object body is required.");
        if (!(value instanceof JsonObject object)) {
            throw ApiException.badRequest("The body must be a JSON object.");
        }
        return object;
    }

    /** An optional string field; anything but a string or null is a field error. */
    public static String string(JsonObject in, String field, String errorKey, FieldErrors errors) {
        JsonValue value = in.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        errors.add(errorKey, "Must be a string.");
        return null;
    }
}
