package dev.eventlog.platform.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.stream.JsonParsingException;
import jakarta.persistence.PersistenceException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DataErrorsTest {

    private static PersistenceException failed(String sqlState) {
        return new PersistenceException("could not execute statement", new SQLException("boom", sqlState));
    }

    @Test
    void rowsPostgresqlRefusesAreDataErrors() {
        assertTrue(DataErrors.isDataError(failed("22021")), "invalid byte sequence (NUL in text)");
        assertTrue(DataErrors.isDataError(failed("22P02")), "invalid text representation");
        assertTrue(DataErrors.isDataError(failed("23502")), "not-null violation");
        assertTrue(DataErrors.isDataError(failed("23514")), "check violation");
        assertTrue(DataErrors.isDataError(failed("54000")), "program limit exceeded");
    }

    @Test
    void inputOurOwnReaderRefusesIsADataError() {
        assertTrue(DataErrors.isDataError(new RuntimeException(new dev.eventlog.platform.json.BadJsonException("bad"))));
    }

    @Test
    void transientFaultsAndUniqueViolationsAreNot() {
        assertFalse(DataErrors.isDataError(failed("23505")), "unique violation: a concurrent writer");
        assertFalse(DataErrors.isDataError(failed("08006")), "connection failure");
        assertFalse(DataErrors.isDataError(failed("40001")), "serialization failure");
        assertFalse(DataErrors.isDataError(failed("40P01")), "deadlock");
        assertFalse(DataErrors.isDataError(failed("55P03")), "lock not available");
        assertFalse(DataErrors.isDataError(failed("57014")), "statement timeout");
        assertFalse(DataErrors.isDataError(new IllegalStateException("unknown")));
        assertFalse(DataErrors.isDataError(new PersistenceException("no cause")));
    }

    @Test
    void theCauseIsFoundBehindWrappersBatchesAndSuppressedExceptions() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 3 was aborted", null, 0, new int[0]);
        batch.setNextException(new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
        assertTrue(DataErrors.isDataError(new RuntimeException(new PersistenceException(batch))));

        RuntimeException rollback = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(failed("22021"));
        assertTrue(DataErrors.isDataError(rollback));
    }

    @Test
    void aTransientFaultAnywhereInTheChainWins() {
        SQLException first = new SQLException("value too long", "22001");
        first.setNextException(new SQLException("An I/O error occurred", "08006"));
        assertFalse(DataErrors.isDataError(first));
    }

    @Test
    void unparsableColumnsAndBadValuesAreDataErrors() {
        assertTrue(DataErrors.isDataError(new PersistenceException("Error attempting to apply AttributeConverter",
                new JsonParsingException("Unexpected char", null))));
        assertTrue(DataErrors.isDataError(new ArithmeticException("/ by zero")));
        assertTrue(DataErrors.isDataError(new NumberFormatException("x")));
        assertTrue(DataErrors.isDataError(new ClassCastException("JsonString cannot be cast to JsonObject")));
    }
}
