package dev.eventlog.platform.db;

import dev.eventlog.platform.error.ValidationException;
import dev.eventlog.platform.json.BadJsonException;
import jakarta.json.JsonException;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Tells a failure that the same data will cause again (a row PostgreSQL refuses, a column that does
 * not parse) from one that may pass on a second try (a lost connection, a lock or statement timeout,
 * a deadlock, a serialization failure). Retrying the first kind only loops: the caller sets the
 * offending item aside and carries on with the rest. The second kind must still roll back and be
 * retried as a whole.
 */
public final class DataErrors {

    /** Causes, suppressed exceptions and chained SQL exceptions looked at, at the most. */
    private static final int MAX_LOOKED_AT = 50;

    private DataErrors() {
    }

    /**
     * True when some exception in {@code failure}'s chain is a data error and none is a transient
     * fault: SQLState class 22 (data exception), 23 (integrity constraint violation) except 23505
     * (unique violation, which a concurrent writer can cause) and 54 (program limit exceeded);
     * JSON that does not parse, arithmetic, illegal arguments, dates and casts. Anything else,
     * unknown failures included, is not: those are retried as before.
     */
    public static boolean isDataError(Throwable failure) {
        boolean data = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(failure);
        while (!todo.isEmpty() && seen.size() < MAX_LOOKED_AT) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (!isDataState(state)) {
                    return false;
                }
                data = true;
            } else if (t instanceof JsonException || t instanceof BadJsonException || t instanceof ValidationException
                    || t instanceof ArithmeticException
                    || t instanceof IllegalArgumentException || t instanceof DateTimeException
                    || t instanceof ClassCastException) {
                data = true;
            }
            addIfAny(todo, t.getCause());
            Collections.addAll(todo, t.getSuppressed());
            if (t instanceof SQLException sql) {
                addIfAny(todo, sql.getNextException());
            }
        }
        return data;
    }

    /** True when an SQLException in {@code failure}'s cause chain has this SQLState (e.g. 55P03, 57014). */
    public static boolean hasSqlState(Throwable failure, String sqlState) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void addIfAny(Deque<Throwable> todo, Throwable t) {
        if (t != null) {
            todo.add(t);
        }
    }

    static boolean isDataState(String sqlState) {
        return sqlState.startsWith("22") || sqlState.startsWith("54")
                || (sqlState.startsWith("23") && !sqlState.equals("23505"));
    }
}
