package dev.eventlog.platform.db;

import dev.eventlog.platform.error.ValidationException;
import dev.eventlog.platform.json.BadJsonException;
import jakarta.json.JsonException;
import java.sql.SQLException;
import java.time.DateTimeException;

/**
 * Tells a failure that would happen again with the same input (a data error: the row can never be
 * written or read as it is) from one that may pass on a second try (the connection dropped, a
 * lock timed out, a deadlock was broken). Only the second kind deserves a redelivery; retrying the
 * first only delays everything queued behind it, then dead-letters its innocent neighbours.
 */
public final class DataErrors {

    private DataErrors() {
    }

    /** True when something in the cause chain says the data itself is at fault. */
    public static boolean isDataError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return isDataState(sql.getSQLState());
            }
            if (t instanceof JsonException || t instanceof BadJsonException || t instanceof ValidationException
                    || t instanceof ArithmeticException || t instanceof DateTimeException
                    || t instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE classes 22 (data exception: bad encoding, numeric out of range, invalid JSON), 23
     * (integrity constraint) and 54 (program limit: a value too large for an index or jsonb). A
     * unique violation (23505) is not among them: ingest locks each id first, so one means a race
     * that a second try resolves.
     */
    static boolean isDataState(String state) {
        if (state.equals("23505")) {
            return false;
        }
        return state.startsWith("22") || state.startsWith("23") || state.startsWith("54");
    }
}
