package dev.eventlog.platform.db;

import java.sql.Timestamp;
import java.time.LocalDateTime;

/** Native queries return timestamps as whatever the provider prefers; this reads either. */
public final class DbTime {

    private DbTime() {
    }

    public static LocalDateTime toLocal(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof LocalDateTime local) {
            return local;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
