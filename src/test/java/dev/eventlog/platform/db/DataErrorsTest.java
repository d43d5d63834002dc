package dev.eventlog.platform.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataErrorsTest {

    private static Throwable wrapped(String sqlState) {
        // As Hibernate and the transaction interceptor hand it over: the SQLException deep inside.
        return new RuntimeException("transaction rolled back",
                new PersistenceException("could not execute statement", new SQLException("ERROR: …", sqlState)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"22021", "22003", "22P02", "22P05", "23502", "23514", "54000"})
    void theDataIsAtFault(String sqlState) {
        assertTrue(DataErrors.isDataError(wrapped(sqlState)), sqlState);
    }

    @ParameterizedTest
    @ValueSource(strings = {"08006", "40001", "40P01", "55P03", "57014", "53300", "23505"})
    void aSecondTryMayPass(String sqlState) {
        assertFalse(DataErrors.isDataError(wrapped(sqlState)), sqlState);
    }

    @Test
    void parseAndArithmeticErrorsRecur() {
        assertTrue(DataErrors.isDataError(new RuntimeException(new JsonException("bad"))));
        assertTrue(DataErrors.isDataError(new ArithmeticException("overflow")));
        assertFalse(DataErrors.isDataError(new IllegalStateException("no connection")));
        assertFalse(DataErrors.isDataError(new RuntimeException(new SQLException("no state"))));
    }
}
