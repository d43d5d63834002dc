package dev.eventlog.bench;

import jakarta.json.JsonString;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * P5: purging one day of events. Ours: the service's own purge (POST /api/v1/system/retention/ runs
 * the retention timer's maintenance now), which drops the day's partition whole. The day is made
 * 45 days old, past the 30-day retention, and loaded in SQL (BulkEvents). Baseline: DELETE of the
 * same rows from an identical copy (same indexes), which leaves the table's size as it was until a
 * VACUUM.
 */
final class Purge {

    private static final int DAYS_AGO = 45;

    private final Api api;
    private final Scale scale;
    private final Db db;

    Purge(Api api, Scale scale, Db db) {
        this.api = api;
        this.scale = scale;
        this.db = db;
    }

    Result run() throws Exception {
        String org = api.newTenant("bench P5")[0];
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(DAYS_AGO);
        String partition = BulkEvents.partition(day);
        String copy = "bench_p5_delete";
        int n = scale.purgeEvents();
        List<String> indexes = BulkEvents.indexDefinitions(db);
        double load = BulkEvents.loadDay(db, day, List.of(org), n, n, indexes);
        long sizeBefore = db.number("SELECT pg_total_relation_size(?::regclass)", partition);
        try (Connection connection = db.connect(); Statement sql = connection.createStatement()) {
            BulkEvents.createPlain(sql, copy);
            sql.execute("INSERT INTO " + copy + " SELECT * FROM " + partition);
            BulkEvents.index(sql, copy, indexes);
            sql.execute("ANALYZE " + copy);
            // A 30-day-old partition was vacuumed long ago. These were just filled, and autovacuum's
            // insert-triggered VACUUM would hold a lock that DROP and DELETE wait on until autovacuum
            // gives way (deadlock_timeout, 1 s): measured purges swung between 0.39 and 1.33 s.
            sql.execute("VACUUM " + partition);
            sql.execute("VACUUM " + copy);
        }
        System.out.printf("P5: %,d events loaded in %.0f s (and copied)%n", n, load);

        long start = System.nanoTime();
        List<String> dropped = api.send("POST", "/api/v1/system/retention/", api.systemToken(), null).expect(200).json()
                .getJsonArray("dropped").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        double ours = (System.nanoTime() - start) / 1e9;
        boolean gone = db.number("SELECT count(*) FROM pg_class WHERE relname = ?", partition) == 0;

        double baseline;
        long copyAfter;
        try {
            baseline = db.execute("DELETE FROM " + copy + " WHERE date_created >= '" + day + "' AND date_created < '"
                    + day.plusDays(1) + "'");
            copyAfter = db.number("SELECT pg_total_relation_size(?::regclass)", copy);
        } finally {
            db.execute("DROP TABLE IF EXISTS " + copy);
        }
        boolean purged = dropped.contains(partition) && gone;
        return new Result("P5 purge one day",
                String.format("%,d events (%s) in the partition of %s (%s with its indexes), %d days old",
                        n, BulkEvents.DATA_SIZE, day, mib(sizeBefore), DAYS_AGO),
                String.format("%.3f s (partition dropped by the retention run), 0 MiB left", ours),
                String.format("%.3f s (DELETE of the same rows from a copy), %s left until VACUUM", baseline, mib(copyAfter)),
                Result.num(ours / baseline), "< 1 s, no bloat", purged && ours < 1,
                purged ? "" : partition + " was not dropped (is EVENTLOG_RETENTION_DAYS above " + DAYS_AGO + "?)");
    }

    static String mib(long bytes) {
        return String.format("%,.0f MiB", bytes / (1024.0 * 1024));
    }
}
