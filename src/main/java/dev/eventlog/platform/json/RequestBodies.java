package dev.eventlog.platform.json;

import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.error.FieldErrors;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Request bodies read as JSON-P, so that a malformed or mistyped body gets the API's own error
 * format (and a field error naming the culprit) instead of a provider's plain-text message.
 * Bodies arrive as bytes: decoding them here is what lets invalid UTF-8 be refused rather than
 * silently replaced.
 */
public final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * The body as any JSON value, by {@link JsonInput#read}'s rules; an empty body is a 400, and so
     * is a refused one (its BadJsonException is mapped by ExceptionMappers.RefusedJson).
     */
    public static JsonValue value(byte[] body, String whenEmpty) {
        if (body == null || isBlank(body)) {
            throw ApiException.badRequest(whenEmpty);
        }
        return JsonInput.read(JsonInput.decodeUtf8(body));
    }

    /**
     * The body with every problem of its values (JsonInput#readChecked), for batches that name
     * them all at once; a body that is not JSON at all is a 400 as in {@link #value}.
     */
    public static JsonInput.Checked checked(byte[] body, String whenEmpty) {
        if (body == null || isBlank(body)) {
            throw ApiException.badRequest(whenEmpty);
        }
        return JsonInput.readChecked(JsonInput.decodeUtf8(body));
    }

    /** The body as a JSON object; an empty body is {} when {@code optional}. */
    public static JsonObject object(byte[] body, boolean optional) {
        if (optional && (body == null || isBlank(body))) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        JsonValue value = value(body, "A JSON object body is required.");
        if (!(value instanceof JsonObject object)) {
            throw ApiException.badRequest("The body must be a JSON object.");
        }
        return object;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
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
