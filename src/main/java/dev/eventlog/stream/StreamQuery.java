package dev.eventlog.stream;

import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.http.QueryParameters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stream's query string, checked: {@code after} (a position), {@code consumer} (read as that
 * named consumer), {@code organization_id}, {@code limit} (1-1000, default 100, larger capped),
 * {@code wait} ({@code waitFor}: seconds to hold the request while nothing is new, 0 by default). Unknown or repeated
 * parameters are a 400.
 */
record StreamQuery(StreamPosition after, String consumer, String organizationId, int limit, Duration waitFor) {

    private static final Set<String> PARAMS = Set.of("after", "consumer", "organization_id", "limit", "wait");

    static StreamQuery parse(Map<String, List<String>> params, Duration maxWait) {
        FieldErrors errors = QueryParameters.check(params, PARAMS, "parameter");
        StreamPosition after = null;
        String afterText = QueryParameters.first(params, "after");
        if (afterText != null) {
            Optional<StreamPosition> parsed = StreamPosition.parse(afterText);
            if (parsed.isEmpty()) {
                errors.add("after", StreamPosition.EXPECTED);
            }
            after = parsed.orElse(null);
        }
        String consumer = QueryParameters.first(params, "consumer");
        String organizationId = QueryParameters.first(params, "organization_id");
        if (consumer != null && organizationId != null) {
            errors.add("organization_id", "A consumer reads its own organization (or all): leave organization_id out.");
        }
        int limit = StreamRead.DEFAULT_LIMIT;
        String limitText = QueryParameters.first(params, "limit");
        if (limitText != null) {
            if (limitText.matches("[0-9]{1,9}") && Integer.parseInt(limitText) > 0) {
                limit = Math.min(Integer.parseInt(limitText), StreamRead.MAX_LIMIT);
            } else {
                errors.add("limit", "Must be a positive integer (at most " + StreamRead.MAX_LIMIT + " are returned).");
            }
        }
        Duration wait = Duration.ZERO;
        String waitText = QueryParameters.first(params, "wait");
        if (waitText != null) {
            if (waitText.matches("[0-9]{1,9}")) {
                wait = Duration.ofSeconds(Long.parseLong(waitText));
                if (wait.compareTo(maxWait) > 0) {
                    wait = maxWait;
                }
            } else {
                errors.add("wait", "Must be a whole number of seconds (at most " + maxWait.toSeconds() + ").");
            }
        }
        errors.throwIfAny();
        return new StreamQuery(after, consumer, organizationId, limit, wait);
    }
}
