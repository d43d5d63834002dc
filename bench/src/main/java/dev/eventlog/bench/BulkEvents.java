package dev.eventlog.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Events written straight into PostgreSQL with {@code INSERT … SELECT generate_series}: millions in
 * minutes where REST ingest would take hours. The mix follows a CRM's traffic: activities most
 * often, then opportunities, leads and contacts; mostly updates; ~20 events per object, ~100 per
 * lead, 50 users, a request id per two events; 1 % hidden from the log. The data is ~200 bytes of
 * JSON instead of Close's ~1.5 KB snapshot, so that 10 M events load within the run.
 *
 * <p>A day is loaded the fast way: a plain table without indexes, filled, indexed once, then
 * swapped in for the day's (empty) partition under the same name, so retention treats it like any
 * other day.
 */
final class BulkEvents {

    static final String DATA_SIZE = "~200 B JSON data";
    /** The same snapshot for every event: building one per row would double the load time. */
    private static final String DATA = "{\"status_label\": \"Contacted\", \"status_type\": \"active\", "
            + "\"note\": \"Called about the renewal; send the pricing sheet and book the onboarding call.\", "
            + "\"value\": 100000, \"value_currency\": \"USD\", \"confidence\": 70}";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private BulkEvents() {
    }

    static String partition(LocalDate day) {
        return "event_p" + DAY.format(day);
    }

    /**
     * {@code count} events into {@code table}, evenly over {@code [from, from + span)}. Organizations
     * take rows in turn from {@code orgSlots}, so one listed 11 times out of 20 gets 55 % of them.
     * Object, lead and request ids are drawn from pools sized by {@code population} (all events of
     * the data set), so the same objects recur across days. Ids are {@code ev_<idPrefix><n>}, in time
     * order within the load, as the service's own are.
     */
    static String insert(String table, List<String> orgSlots, LocalDateTime from, Duration span, long count,
                         long population, String idPrefix) {
        String orgs = orgSlots.stream().map(Db::quote).collect(Collectors.joining(",", "ARRAY[", "]::text[]"));
        long objects = Math.max(1, population / 20);
        long leads = Math.max(1, population / 100);
        return String.format(Locale.ROOT, """
                INSERT INTO %1$s (id, organization_id, user_id, request_id, lead_id, object_type, object_id, action,
                                  data, previous_data, changed_fields, meta, internal_metadata, visible_in_log,
                                  date_created, date_updated)
                SELECT 'ev_' || %7$s || lpad(g::text, 9, '0'), org, user_id, request_id, lead_id, object_type,
                       object_id, action, '%10$s'::jsonb,
                       CASE WHEN action = 'updated' THEN '{"status_label": "Potential"}'::jsonb END,
                       CASE WHEN action = 'updated' THEN '["status_label"]'::jsonb ELSE '[]'::jsonb END,
                       CASE action WHEN 'created' THEN '{"request_method": "POST"}'::jsonb
                                   WHEN 'updated' THEN '{"request_method": "PUT"}'::jsonb
                                   ELSE '{"request_method": "DELETE"}'::jsonb END,
                       CASE WHEN visible THEN NULL ELSE '{"customer_visible": false}'::jsonb END, visible,
                       created, created + CASE WHEN action = 'updated' THEN r4 * interval '5 seconds' ELSE interval '0' END
                FROM (SELECT g, created, org, r4, object_type,
                             replace(object_type, '.', '_') || '_' || floor(r2 * %5$d)::bigint AS object_id,
                             CASE WHEN r3 < 0.2 THEN 'created' WHEN r3 < 0.9 THEN 'updated' ELSE 'deleted' END AS action,
                             CASE WHEN r4 < 0.1 THEN NULL ELSE 'lead_' || floor(r4 * %6$d)::bigint END AS lead_id,
                             CASE WHEN r5 < 0.05 THEN NULL ELSE 'user_' || floor(r5 * 50)::int END AS user_id,
                             CASE WHEN r6 < 0.1 THEN NULL ELSE 'req_' || %7$s || '_' || g / 2 END AS request_id,
                             r6 >= 0.01 AS visible
                      FROM (SELECT g, %3$s::timestamp + (g::float8 * %4$f / %2$d) * interval '1 second' AS created,
                                   (%8$s)[g %% %9$d + 1] AS org,
                                   CASE WHEN r1 < 0.25 THEN 'activity.note' WHEN r1 < 0.45 THEN 'activity.email'
                                        WHEN r1 < 0.60 THEN 'activity.call' WHEN r1 < 0.75 THEN 'opportunity'
                                        WHEN r1 < 0.85 THEN 'lead' WHEN r1 < 0.95 THEN 'contact' WHEN r1 < 0.99 THEN 'task'
                                        ELSE 'custom_object' END AS object_type,
                                   r2, r3, r4, r5, r6
                            FROM (SELECT g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6
                                  FROM generate_series(0, %2$d - 1) g) drawn) typed) shaped
                """, table, count, Db.quote(from.toString()), span.toMillis() / 1000.0, objects, leads,
                Db.quote(idPrefix), orgs, orgSlots.size(), DATA);
    }

    /** The definitions of event's indexes, to build them on a loaded table before it is attached. */
    static List<String> indexDefinitions(Db db) throws SQLException {
        return db.column("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'event' "
                + "AND indexname <> 'event_pkey' ORDER BY indexname");
    }

    /** A table shaped like event with no index: the fastest to fill. */
    static void createPlain(Statement sql, String table) throws SQLException {
        sql.execute("DROP TABLE IF EXISTS " + table);
        sql.execute("CREATE TABLE " + table + " (LIKE event INCLUDING DEFAULTS)");
    }

    /**
     * The primary key and event's indexes over the loaded rows, named after the table. ATTACH then
     * adopts them instead of building its own while it locks the parent.
     */
    static void index(Statement sql, String table, List<String> definitions) throws SQLException {
        sql.execute("SET maintenance_work_mem = '256MB'");
        sql.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_pkey PRIMARY KEY (id, date_created)");
        for (String definition : definitions) {
            sql.execute(definition.replaceFirst("^CREATE INDEX (\\S+) ON ONLY \\S+", "CREATE INDEX " + table + "_$1 ON " + table));
        }
    }

    /** Swaps the loaded table in for the day's partition, which must hold no events. */
    static void attach(Connection db, String table, LocalDate day) throws SQLException {
        String partition = partition(day);
        db.setAutoCommit(false);
        try (Statement sql = db.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS " + partition);
            // The dropped partition's index names are free now: the day's own names, as if ingested.
            List<String> indexNames = new ArrayList<>();
            try (ResultSet names = sql.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = '" + table + "'")) {
                while (names.next()) {
                    indexNames.add(names.getString(1));
                }
            }
            for (String name : indexNames) {
                sql.execute("ALTER INDEX " + name + " RENAME TO " + partition + name.substring(table.length()));
            }
            sql.execute("ALTER TABLE " + table + " RENAME TO " + partition);
            sql.execute("ALTER TABLE event ATTACH PARTITION " + partition + " FOR VALUES FROM ('" + day + "') TO ('"
                    + day.plusDays(1) + "')");
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** Gives the day back an empty partition, as the retention timer made it. */
    static void replaceByEmpty(Statement sql, LocalDate day) throws SQLException {
        sql.execute("DROP TABLE IF EXISTS " + partition(day));
        // IF NOT EXISTS: the hourly retention run may have made the day's empty partition in between.
        sql.execute("CREATE TABLE IF NOT EXISTS " + partition(day) + " PARTITION OF event FOR VALUES FROM ('" + day + "') TO ('"
                + day.plusDays(1) + "')");
    }

    /**
     * Loads one day's events and swaps them in as its partition, then analyzes it as autovacuum
     * would (autovacuum never analyzes the partitioned parent); returns the seconds it took.
     */
    static double loadDay(Db db, LocalDate day, List<String> orgSlots, long count, long population,
                          List<String> indexes) throws SQLException {
        long start = System.nanoTime();
        String table = "bench_load_" + DAY.format(day);
        try (Connection connection = db.connect(); Statement sql = connection.createStatement()) {
            createPlain(sql, table);
            sql.execute(insert(table, orgSlots, day.atStartOfDay(), Duration.ofDays(1), count, population,
                    DAY.format(day)));
            index(sql, table, indexes);
            attach(connection, table, day);
            sql.execute("ANALYZE " + partition(day));
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
