package dev.eventlog.parked;

import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.http.QueryParameters;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parked-message list's query string, checked: {@code queue} ({@code rejected} or
 * {@code dead}, required), {@code _limit} (1–100, default 50, larger values capped) and
 * {@code _cursor}, named like the Event Log API's. Unknown or repeated parameters are a 400.
 */
public record ParkedQuery(ParkedQueue queue, int limit, ParkedCursor cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;

    private static final Set<String> LIST_PARAMS = Set.of("queue", QueryParameters.LIMIT, QueryParameters.CURSOR);
    private static final Set<String> QUEUE_ONLY = Set.of("queue");

    /** @throws dev.eventlog.platform.error.ValidationException for unknown, repeated or bad parameters */
    public static ParkedQuery parse(Map<String, List<String>> params) {
        FieldErrors errors = QueryParameters.check(params, LIST_PARAMS, "parameter");
        ParkedQuery query = new ParkedQuery(queue(params, errors),
                QueryParameters.limit(QueryParameters.first(params, QueryParameters.LIMIT), DEFAULT_LIMIT, MAX_LIMIT, errors),
                cursor(params, errors));
        errors.throwIfAny();
        return query;
    }

    /** For "replay all": the queue and nothing else. */
    public static ParkedQueue queueOnly(Map<String, List<String>> params) {
        FieldErrors errors = QueryParameters.check(params, QUEUE_ONLY, "parameter");
        ParkedQueue queue = queue(params, errors);
        errors.throwIfAny();
        return queue;
    }

    private static ParkedQueue queue(Map<String, List<String>> params, FieldErrors errors) {
        String value = QueryParameters.first(params, "queue");
        ParkedQueue queue = value == null ? null : ParkedQueue.of(value).orElse(null);
        if (queue == null) {
            errors.add("queue", "Required: rejected or dead.");
        }
        return queue;
    }

    private static ParkedCursor cursor(Map<String, List<String>> params, FieldErrors errors) {
        String value = QueryParameters.first(params, QueryParameters.CURSOR);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return ParkedCursor.decode(value);
        } catch (IllegalArgumentException e) {
            errors.add("_cursor", "Invalid cursor: use cursor_next from an earlier answer.");
            return null;
        }
    }
}
