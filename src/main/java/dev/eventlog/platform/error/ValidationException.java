package dev.eventlog.platform.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bad input, reported Close-style as {@code {"errors": [...], "field-errors": {"field": "msg"}}}
 * with status 400. Collects every problem at once so a producer fixes a batch in one round.
 */
public class ValidationException extends RuntimeException {

    private final List<String> errors;
    private final Map<String, String> fieldErrors;

    public ValidationException(List<String> errors, Map<String, String> fieldErrors) {
        super(summary(errors, fieldErrors), null, false, false);
        this.errors = List.copyOf(errors);
        this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
    }

    public static ValidationException field(String field, String message) {
        return new ValidationException(List.of(), Map.of(field, message));
    }

    public List<String> errors() {
        return errors;
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    /** One line, e.g. for the reason a parked message carries: "[0].data: …; [2].id: …". */
    private static String summary(List<String> errors, Map<String, String> fieldErrors) {
        List<String> parts = new java.util.ArrayList<>(errors);
        fieldErrors.forEach((field, message) -> parts.add(field + ": " + message));
        return String.join("; ", parts);
    }
}
