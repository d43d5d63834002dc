package dev.eventlog.devdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DevPostgresTest {

    @Test
    void parsesTheArgumentsThePomPasses() {
        Map<String, String> opts = DevPostgres.parseArgs(new String[] {
                "start", "--dir=/w/target/test-postgres", "--port=15433", "--database=eventlog_test", "--fresh"});

        assertEquals("start", opts.get("command"));
        assertEquals("/w/target/test-postgres", opts.get("dir"));
        assertEquals("15433", opts.get("port"));
        assertEquals("eventlog_test", opts.get("database"));
        assertEquals("true", opts.get("fresh"));
    }

    @Test
    void keepsPostgresDurableDefaultsUnlessTheDatabaseIsDisposable() {
        Path socketDir = Paths.get("/tmp/pg");

        String durable = DevPostgres.serverOptions(15432, socketDir, false);
        String disposable = DevPostgres.serverOptions(15433, socketDir, true);

        assertFalse(durable.contains("fsync"), durable);
        assertFalse(durable.contains("synchronous_commit"), durable);
        assertFalse(durable.contains("full_page_writes"), durable);
        assertTrue(disposable.contains("-c fsync=off -c synchronous_commit=off -c full_page_writes=off"), disposable);
        assertTrue(durable.startsWith("-p 15432 "), durable);
    }

    @Test
    void rejectsASecondCommand() {
        assertThrows(IllegalArgumentException.class, () -> DevPostgres.parseArgs(new String[] {"start", "stop"}));
    }

    @Test
    void keepsTheSocketInTheDirUnlessThePathIsTooLongForAUnixSocket() {
        Path shortDir = Paths.get("/work/main/target/test-postgres");
        Path longDir = Paths.get("/" + "d".repeat(100));

        assertEquals(shortDir, DevPostgres.socketDir(shortDir, 15433));
        assertEquals(Paths.get(System.getProperty("java.io.tmpdir"), "eventlog-pg-15433"),
                DevPostgres.socketDir(longDir, 15433));
    }
}
