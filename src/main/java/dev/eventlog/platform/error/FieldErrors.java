package dev.eventlog.platform.error;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Accumulates validation problems; {@link #throwIfAny()} turns them into one 400. */
public final class FieldErrors {

    /** More than this many errors help nobody and make a 1,000-event batch's answer huge. */
    private static final int MAX_REPORTED = 100;

    private final List<String> errors = new ArrayList<>();
    private final Map<String, String> fieldErrors = new LinkedHashMap<>();

    public void add(String field, String message) {
        if (fieldErrors.size() < MAX_REPORTED) {
            fieldErrors.putIfAbsent(field, message);
        }
    }

    public void addGeneral(String message) {
        errors.add(message);
    }

    public boolean isEmpty() {
        return errors.isEmpty() && fieldErrors.isEmpty();
    }

    public void throwIfAny() {
        if (!isEmpty()) {
            throw exception();
        }
    }

    public ValidationException exception() {
        return new ValidationException(errors, fieldErrors);
    }
}
