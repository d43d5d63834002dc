package dev.eventlog.event;

import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.http.QueryParameters;
import dev.eventlog.platform.time.Timestamps;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Event Log API's query string, checked: every filter of Close's API, any combination, plus
 * {@code _limit} (1–50, default 50; larger values are capped) and an opaque {@code _cursor}.
 */
public record EventQuery(
        String objectType, String objectId, String action, String leadId, String userId, String requestId,
        LocalDateTime updatedGt, LocalDateTime updatedGte, LocalDateTime updatedLt, LocalDateTime updatedLte,
        int limit, EventCursor cursor) {

    public static final int MAX_LIMIT = 50;

    private static final Set<String> PARAMS = Set.of("object_type", "object_id", "action", "lead_id", "user_id",
            "request_id", "date_updated__gt", "date_updated__gte", "date_updated__lt", "date_updated__lte",
            "_limit", "_cursor");

    /** @throws dev.eventlog.platform.error.ValidationException for unknown, repeated or bad parameters */
    public static EventQuery parse(Map<String, List<String>> params) {
        FieldErrors errors = QueryParameters.check(params, PARAMS, "filter");
        EventQuery query = new EventQuery(
                text(params, "object_type", errors), text(params, "object_id", errors), text(params, "action", errors),
                text(params, "lead_id", errors), text(params, "user_id", errors), text(params, "request_id", errors),
                time(params, "date_updated__gt", errors), time(params, "date_updated__gte", errors),
                time(params, "date_updated__lt", errors), time(params, "date_updated__lte", errors),
                QueryParameters.limit(first(params, "_limit"), MAX_LIMIT, MAX_LIMIT, errors), cursor(params, errors));
        errors.throwIfAny();
        return query;
    }

    private static String first(Map<String, List<String>> params, String name) {
        return QueryParameters.first(params, name);
    }

    private static String text(Map<String, List<String>> params, String name, FieldErrors errors) {
        String value = first(params, name);
        if (value != null && (value.isEmpty() || value.length() > 200)) {
            errors.add(name, "Must be 1 to 200 characters.");
            return null;
        }
        return value;
    }

    private static LocalDateTime time(Map<String, List<String>> params, String name, FieldErrors errors) {
        String value = first(params, name);
        if (value == null) {
            return null;
        }
        try {
            return Timestamps.parseFilter(value);
        } catch (IllegalArgumentException e) {
            errors.add(name, e.getMessage());
            return null;
        }
    }

    private static EventCursor cursor(Map<String, List<String>> params, FieldErrors errors) {
        String value = first(params, "_cursor");
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return EventCursor.decode(value);
        } catch (IllegalArgumentException e) {
            errors.add("_cursor", "Invalid cursor: use cursor_next or cursor_previous from an earlier answer.");
            return null;
        }
    }
}
