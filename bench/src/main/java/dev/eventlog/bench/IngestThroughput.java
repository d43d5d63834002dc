package dev.eventlog.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * P1: events per second from the batch endpoint until durable in the event log (the stored
 * counter), against a plain JDBC batch insert of the same rows into a table like {@code event}
 * (same columns and indexes) in the same PostgreSQL.
 */
final class IngestThroughput {

    private static final int BATCH = 1000;
    private static final int JMS_BATCH = 100;
    private static final int CLIENTS = 4;

    private final Api api;
    private final Scale scale;
    private final Db db;

    IngestThroughput(Api api, Scale scale, Db db) {
        this.api = api;
        this.scale = scale;
        this.db = db;
    }

    /** The REST variant and the JMS-producer variant, both against one JDBC baseline of the same rows. */
    List<Result> run(Broker broker) throws Exception {
        String[] tenant = api.newTenant("bench P1");
        String org = tenant[0];
        String ingestKey = api.newIngestKey();
        int n = scale.ingestEvents();

        Measured rest = untilStored(n, () -> inParallel(batchesOf(org, "oppo_p1_", n, BATCH),
                batch -> api.ingest(ingestKey, batch)));
        // Remote producers send the ingest queue's own format: an array of events per message, here
        // 100 as the REST endpoint puts them; each client sends its share on one connection.
        List<List<String>> shares = shares(batchesOf(org, "oppo_p1j_", n, JMS_BATCH), CLIENTS);
        Measured jms = untilStored(n, () -> inParallel(shares, share -> broker.send(share)));

        double baseline = jdbcBaseline(org, n);
        String workload = String.format("%,d events of ~1.5 KB, %%s, %d clients, 1 organization", n, CLIENTS);
        return List.of(
                rest.result("P1 ingest until durable (REST batches)", String.format(workload, "batches of " + BATCH), baseline,
                        "accepted (202)"),
                jms.result("P1 ingest until durable (JMS producer)", String.format(workload,
                        JMS_BATCH + " events per message to jms.queue.eventlog.ingest, Artemis client over the HTTP port"),
                        baseline, "all sent"));
    }

    private interface Load {
        void run() throws Exception;
    }

    /** Events per second from the start of sending until the stored counter has them all. */
    private record Measured(int n, long stored, double seconds, double sentSeconds) {
        double perSecond() {
            return stored / seconds;
        }

        Result result(String scenario, String workload, double baseline, String sentWhat) {
            double ratio = perSecond() / baseline;
            return new Result(scenario, workload, Result.num(perSecond()) + " events/s",
                    Result.num(baseline) + " rows/s (JDBC batch)", Result.num(ratio),
                    "≥ 20,000/s and ≥ 0.5 × baseline", stored == n && perSecond() >= 20_000 && ratio >= 0.5,
                    stored == n ? String.format("%s after %.1f s", sentWhat, sentSeconds)
                            : "only " + stored + " stored before the deadline");
        }
    }

    private Measured untilStored(int n, Load load) throws Exception {
        long storedBefore = api.stored();
        long start = System.nanoTime();
        load.run();
        long sent = System.nanoTime();
        long deadline = sent + scale.deadline().toNanos();
        long stored;
        while ((stored = api.stored() - storedBefore) < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return new Measured(n, stored, (System.nanoTime() - start) / 1e9, (sent - start) / 1e9);
    }

    private static List<String> batchesOf(String org, String objectPrefix, int n, int size) {
        List<String> batches = new ArrayList<>();
        for (int from = 0; from < n; from += size) {
            List<String> events = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + size); i++) {
                events.add(Payloads.event(Payloads.newId(), org, "opportunity", objectPrefix + i, "created"));
            }
            batches.add(Payloads.batch(events));
        }
        return batches;
    }

    private static <T> List<List<T>> shares(List<T> items, int parts) {
        List<List<T>> shares = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < items.size(); i++) {
            shares.get(i % parts).add(items.get(i));
        }
        return shares;
    }

    private double jdbcBaseline(String org, int n) throws Exception {
        db.execute("DROP TABLE IF EXISTS bench_baseline", "CREATE TABLE bench_baseline (LIKE event INCLUDING ALL)");
        List<Integer> starts = new ArrayList<>();
        for (int from = 0; from < n; from += BATCH) {
            starts.add(from);
        }
        long start = System.nanoTime();
        inParallel(starts, from -> insertRows(org, from, Math.min(n, from + BATCH)));
        double seconds = (System.nanoTime() - start) / 1e9;
        db.execute("DROP TABLE bench_baseline");
        return n / seconds;
    }

    private void insertRows(String org, int from, int to) {
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        try (Connection connection = DriverManager.getConnection(url, db.user(), db.password());
             PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_baseline (id, organization_id, user_id, "
                     + "request_id, lead_id, object_type, object_id, action, data, previous_data, changed_fields, meta, "
                     + "date_created, date_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?)")) {
            connection.setAutoCommit(false);
            Timestamp now = Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC));
            for (int i = from; i < to; i++) {
                String id = Payloads.newId();
                String objectId = "oppo_p1_" + i;
                insert.setString(1, id);
                insert.setString(2, org);
                insert.setString(3, Payloads.USER);
                insert.setString(4, "req_" + id.substring(3));
                insert.setString(5, Payloads.LEAD);
                insert.setString(6, "opportunity");
                insert.setString(7, objectId);
                insert.setString(8, "created");
                insert.setString(9, Payloads.data(org, objectId));
                insert.setString(10, Payloads.PREVIOUS);
                insert.setString(11, Payloads.CHANGED);
                insert.setString(12, Payloads.meta(objectId));
                insert.setTimestamp(13, now);
                insert.setTimestamp(14, now);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (Exception e) {
            throw new IllegalStateException("baseline insert failed", e);
        }
    }

    interface Work<T> {
        void on(T item) throws Exception;
    }

    static <T> void inParallel(List<T> items, Work<T> work) throws Exception {
        inParallel(items, CLIENTS, work);
    }

    static <T> void inParallel(List<T> items, int threads, Work<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (T item : items) {
                done.add(pool.submit(() -> {
                    work.on(item);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
