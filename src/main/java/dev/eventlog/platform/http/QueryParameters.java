package dev.eventlog.platform.http;

import dev.eventlog.platform.error.FieldErrors;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks every list endpoint makes of its query string, with the same wording everywhere. */
public final class QueryParameters {

    public static final String LIMIT = "_limit";
    public static final String CURSOR = "_cursor";

    private QueryParameters() {
    }

    /**
     * Errors for parameters not in {@code known} ({@code unknown} names what they are, such as
     * "filter") and for repeated ones: neither is silently ignored.
     */
    public static FieldErrors check(Map<String, List<String>> params, Set<String> known, String unknown) {
        FieldErrors errors = new FieldErrors();
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (!known.contains(param.getKey())) {
                errors.add(param.getKey(), "Unknown " + unknown + ". Known: "
                        + String.join(", ", known.stream().sorted().toList()) + ".");
            } else if (param.getValue().size() > 1) {
                errors.add(param.getKey(), "Give this parameter once.");
            }
        }
        return errors;
    }

    public static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** {@code _limit}: absent gives {@code defaultLimit}, larger than {@code max} gives max. */
    public static int limit(String value, int defaultLimit, int max, FieldErrors errors) {
        if (value == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1) {
                return Math.min(limit, max);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(LIMIT, "Must be a positive integer.");
        return defaultLimit;
    }
}
