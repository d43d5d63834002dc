package dev.eventlog.bench;

import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stream for internal consumers (issue 15).
 *
 * <p>P9: one consumer reading the stream as fast as it can, pages of 1,000 from the start of the
 * log, against the same rows read in the same order straight from PostgreSQL over JDBC (keyset
 * pages of 1,000, every column as text): the rows' cost, the limit of any reader.
 *
 * <p>P10: latency to a long-polling consumer. A producer posts one event every 20 ms; a consumer
 * long-polls (wait=30) as itself. Measured from the row's date_logged (the database's clock when
 * the row was written, just before its commit; the same machine's clock) to the answer's
 * arrival, and from emit (just before the ingest call) to arrival.
 */
final class StreamReads {

    private static final int PAGE = 1_000;

    private final Api api;
    private final Scale scale;
    private final Db db;

    StreamReads(Api api, Scale scale, Db db) {
        this.api = api;
        this.scale = scale;
        this.db = db;
    }

    List<Result> run() throws Exception {
        return List.of(throughput(), latency());
    }

    private String consumerKey(String organizationId) {
        String body = organizationId == null ? "{}" : "{\"organization_id\": \"" + organizationId + "\"}";
        return api.send("POST", "/api/v1/system/consumer_key/", api.systemToken(), body).expect(201).json().getString("key");
    }

    private Result throughput() throws Exception {
        int wanted = scale.streamEvents();
        long have = db.number("SELECT count(*) FROM event");
        if (have < wanted) {
            fill((int) (wanted - have));
        }
        String key = consumerKey(null);
        String after = "0000000000000000-0000000000000000";
        long read = 0;
        long start = System.nanoTime();
        while (read < wanted) {
            JsonObject page = api.send("GET", "/api/v1/internal/stream/?limit=" + PAGE + "&after=" + after, key, null)
                    .expect(200).json();
            read += page.getJsonArray("data").size();
            after = page.getString("next");
            if (!page.getBoolean("has_more")) {
                break;
            }
        }
        double ours = read / ((System.nanoTime() - start) / 1e9);
        double baseline = jdbcRead(read);
        return new Result("P9 stream read, one consumer",
                String.format("%,d changes from the start of the log, pages of %,d (~1.5 KB events and P4's ~200 B ones)", read, PAGE),
                Result.num(ours) + " events/s", Result.num(baseline) + " rows/s (JDBC keyset pages)",
                Result.num(ours / baseline), "—", true, "");
    }

    /** REST ingest of {@code n} events, until all are stored, so that the stream holds enough. */
    private void fill(int n) throws Exception {
        String[] tenant = api.newTenant("bench P9");
        String ingestKey = api.newIngestKey();
        long before = api.stored();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> sent = new ArrayList<>();
        for (int from = 0; from < n; from += 100) {
            int first = from;
            sent.add(senders.submit(() -> {
                List<String> events = new ArrayList<>();
                for (int i = first; i < Math.min(n, first + 100); i++) {
                    events.add(Payloads.event(Payloads.newId(), tenant[0], "opportunity", "oppo_p9_" + i, "created"));
                }
                api.ingest(ingestKey, Payloads.batch(events));
            }));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        senders.shutdown();
        long deadline = System.nanoTime() + scale.deadline().toNanos();
        while (api.stored() < before + n && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private double jdbcRead(long rows) throws Exception {
        long read = 0;
        long tx = 0;
        long seq = 0;
        long start = System.nanoTime();
        try (Connection connection = db.connect();
             PreparedStatement page = connection.prepareStatement("SELECT * FROM event WHERE stream_tx >= ? "
                     + "AND (stream_tx > ? OR stream_seq > ?) ORDER BY stream_tx, stream_seq LIMIT " + PAGE)) {
            while (read < rows) {
                page.setLong(1, tx);
                page.setLong(2, tx);
                page.setLong(3, seq);
                int n = 0;
                try (ResultSet rs = page.executeQuery()) {
                    ResultSetMetaData columns = rs.getMetaData();
                    while (rs.next()) {
                        for (int c = 1; c <= columns.getColumnCount(); c++) {
                            rs.getString(c);
                        }
                        tx = rs.getLong("stream_tx");
                        seq = rs.getLong("stream_seq");
                        n++;
                    }
                }
                read += n;
                if (n < PAGE) {
                    break;
                }
            }
        }
        return read / ((System.nanoTime() - start) / 1e9);
    }

    private Result latency() throws Exception {
        String[] tenant = api.newTenant("bench P10");
        String ingestKey = api.newIngestKey();
        String key = consumerKey(tenant[0]);
        String consumer = "bench-p10-" + System.nanoTime();
        api.send("POST", "/api/v1/internal/consumer/", key, "{\"name\": \"" + consumer + "\"}").expect(201);
        Map<String, Long> emitted = new ConcurrentHashMap<>();
        List<Double> fromWrite = new ArrayList<>();
        List<Double> fromEmit = new ArrayList<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        int events = scale.latencySeconds() * 50;
        Future<?> reader = threads.submit(() -> {
            String after = null;
            while (producing.get() || fromEmit.size() < emitted.size()) {
                String path = "/api/v1/internal/stream/?consumer=" + consumer + "&wait=30&limit=" + PAGE
                        + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
                JsonObject page = api.send("GET", path, key, null).expect(200).json();
                long arrivedNanos = System.nanoTime();
                Instant arrived = Instant.now();
                for (JsonObject entry : page.getJsonArray("data").getValuesAs(JsonObject.class)) {
                    Instant logged = LocalDateTime.parse(entry.getString("date_logged")).toInstant(ZoneOffset.UTC);
                    fromWrite.add(java.time.Duration.between(logged, arrived).toNanos() / 1e6);
                    Long at = emitted.get(entry.getJsonObject("event").getString("id"));
                    if (at != null) {
                        fromEmit.add((arrivedNanos - at) / 1e6);
                    }
                }
                after = page.getString("next");
            }
            return null;
        });
        for (int i = 0; i < events; i++) {
            long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            String id = Payloads.newId();
            emitted.put(id, System.nanoTime());
            api.ingest(ingestKey, Payloads.batch(List.of(Payloads.event(id, tenant[0], "opportunity", "oppo_p10_" + i, "created"))));
            long rest = due - System.nanoTime();
            if (rest > 0) {
                TimeUnit.NANOSECONDS.sleep(rest);
            }
        }
        producing.set(false);
        reader.get(scale.deadline().toSeconds(), TimeUnit.SECONDS);
        threads.shutdown();
        double[] write = Stats.sorted(fromWrite.stream().mapToDouble(Double::doubleValue).toArray());
        double[] emit = Stats.sorted(fromEmit.stream().mapToDouble(Double::doubleValue).toArray());
        return new Result("P10 stream latency to a long-polling consumer",
                String.format("1 event every 20 ms for %d s (%,d events), one consumer long-polling (wait=30)",
                        scale.latencySeconds(), events),
                String.format("row written → consumer p50 %s / p99 %s ms; emit → consumer p50 %s / p99 %s ms",
                        Result.num(Stats.percentile(write, 50)), Result.num(Stats.percentile(write, 99)),
                        Result.num(Stats.percentile(emit, 50)), Result.num(Stats.percentile(emit, 99))),
                "—", "—", "—", emit.length == events, emit.length == events ? "" : emit.length + " of " + events + " read");
    }
}
