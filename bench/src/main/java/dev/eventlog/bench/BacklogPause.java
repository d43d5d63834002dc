package dev.eventlog.bench;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * P6: subscriptions whose receiver is down (it answers 503), each with a full backlog of pending
 * deliveries, all due: the retry timer keeps trying them while the health timer (once a minute)
 * must pause every subscription at eventlog.webhook.backlog-pause (100,000), within 120 s of the
 * commit, and drop its backlog.
 * The backlog and its events are written in SQL in one transaction. Measured: the time from its
 * commit until the API shows every subscription paused, and the server's heap after GC before,
 * at its peak and after (jstat/jcmd on the server's process).
 */
final class BacklogPause {

    /** Sampling the heap more often than this would mostly sample jstat itself. */
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
    private static final double HEAP_LIMIT_MIB = 512;
    /** What "flat" allows: the live heap after the scenario at most this much above before it. */
    private static final double HEAP_GROWTH_MIB = 64;

    private final Api api;
    private final Scale scale;
    private final Db db;

    BacklogPause(Api api, Scale scale, Db db) {
        this.api = api;
        this.scale = scale;
        this.db = db;
    }

    Result run() throws Exception {
        String[] tenant = api.newTenant("bench P6");
        String org = tenant[0];
        int subscriptions = scale.backlogSubscriptions();
        int backlog = scale.backlogPerSubscription();
        Optional<ServerHeap> heap = ServerHeap.of(api.base());
        HeapSamples samples = new HeapSamples(heap.orElse(null));
        double loadSeconds;
        double firstPaused = Double.NaN;
        double allPaused = Double.NaN;
        double backlogGone = Double.NaN;
        int paused = 0;
        String healthAtEnd = "";
        List<String> ids = new ArrayList<>();
        try (Receiver receiver = new Receiver(503)) {
            for (int i = 0; i < subscriptions; i++) {
                ids.add(api.subscribe(tenant[1], receiver.url(), "bench.p6", "created"));
            }
            samples.start();
            long loadStart = System.nanoTime();
            load(org, ids, backlog);
            long committed = System.nanoTime();
            loadSeconds = (committed - loadStart) / 1e9;
            System.out.printf("P6: %,d deliveries loaded in %.0f s%n", (long) subscriptions * backlog, loadSeconds);
            if (scale.awaitPause()) {
                long deadline = committed + scale.pauseDeadline().toNanos();
                while (paused < subscriptions && System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                    paused = paused(tenant[1]);
                    double since = (System.nanoTime() - committed) / 1e9;
                    if (paused > 0 && Double.isNaN(firstPaused)) {
                        firstPaused = since;
                    }
                    if (paused == subscriptions) {
                        allPaused = since;
                    }
                }
                // The pauses drop the backlogs after they commit, in batches: until none is owed.
                while (paused == subscriptions && System.nanoTime() < deadline + scale.pauseDeadline().toNanos()) {
                    if (db.number("SELECT count(*) FROM webhook_delivery WHERE subscription_id = ANY (?::text[]) "
                            + "AND status = 'pending'", (Object) ids.toArray(new String[0])) == 0) {
                        backlogGone = (System.nanoTime() - committed) / 1e9;
                        break;
                    }
                    Thread.sleep(1000);
                }
            } else {
                // Smoke: the health timer runs once a minute, longer than a smoke run may take; the
                // retry timer still works on the due backlog for a few seconds.
                Thread.sleep(3000);
                paused = paused(tenant[1]);
            }
            healthAtEnd = health(tenant[1]).stream()
                    .collect(Collectors.groupingBy(h -> h, TreeMap::new, Collectors.counting())).toString();
            samples.stop();
        } finally {
            ids.forEach(id -> api.unsubscribe(tenant[1], id));
            db.execute("DELETE FROM event WHERE organization_id = " + Db.quote(org));
        }
        boolean allDone = paused == subscriptions;
        boolean flat = samples.peak() < HEAP_LIMIT_MIB && samples.after() - samples.before() < HEAP_GROWTH_MIB;
        String note = !scale.awaitPause() ? "smoke: the pause is not awaited"
                : allDone ? "" : String.format("only %d of %d paused within %d s; health_status at the end: %s", paused,
                subscriptions, scale.pauseDeadline().toSeconds(), healthAtEnd);
        if (heap.isEmpty()) {
            note = (note.isEmpty() ? "" : note + "; ") + "no WildFly process found for " + api.base() + ": heap not measured";
        }
        return new Result("P6 backlog pause",
                String.format("%d subscriptions × %,d pending deliveries, all due (%,d rows of %,d events, written in SQL "
                        + "in %.0f s); receiver answers 503; health timer once a minute", subscriptions, backlog,
                        (long) subscriptions * backlog, backlog, loadSeconds),
                String.format("%s; heap after GC %s / peak %s / after %s MiB of %s", allDone
                        ? String.format("all paused after %s s (first after %s s), every backlog gone after %s s",
                                Result.num(allPaused), Result.num(firstPaused), Result.num(backlogGone))
                        : String.format("%d of %d paused", paused, subscriptions), Result.num(samples.before()),
                        Result.num(samples.peak()), Result.num(samples.after()), Result.num(samples.max())),
                "—", "—", "all paused within 120 s; heap flat (after ≤ before + 64 MiB), peak < 512 MiB",
                allDone && heap.isPresent() && flat && scale.awaitPause(), note);
    }

    /** The events (few columns matter) and every subscription's backlog, committed together. */
    private void load(String org, List<String> subscriptionIds, int backlog) throws Exception {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        try (Connection connection = db.connect()) {
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement();
                 PreparedStatement deliveries = connection.prepareStatement("INSERT INTO webhook_delivery "
                         + "(id, subscription_id, event_id, status, attempts, next_attempt_at, date_created) "
                         + "SELECT 'whdel_' || s.n || '_' || e.id, s.id, e.id, 'pending', 0, ?, ? "
                         + "FROM unnest(?::text[]) WITH ORDINALITY AS s(id, n) "
                         + "CROSS JOIN (SELECT id FROM event WHERE organization_id = ?) e ORDER BY s.n, e.id")) {
                sql.execute(BulkEvents.insert("event", List.of(org), now.minusMinutes(10), Duration.ofMinutes(5), backlog,
                        backlog, org.substring(org.indexOf('_') + 1)));
                deliveries.setObject(1, now);
                // Queued ten minutes ago, as the events were: the retry timer's to take, not left to
                // delivery messages that a backlog written in SQL never had.
                deliveries.setObject(2, now.minusMinutes(10));
                deliveries.setArray(3, connection.createArrayOf("text", subscriptionIds.toArray()));
                deliveries.setString(4, org);
                deliveries.executeUpdate();
                connection.commit();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private int paused(String adminKey) {
        return (int) health(adminKey).stream().filter("paused"::equals).count();
    }

    /** Each subscription's health_status: "backlogged" shows the health check has seen the backlog. */
    private List<String> health(String adminKey) {
        return api.send("GET", "/api/v1/webhook/", adminKey, null).expect(200).json().getJsonArray("data")
                .getValuesAs(JsonObject.class).stream().map(s -> s.getString("health_status")).toList();
    }

    /** Before (live), the peak of the samples in between, and after (live again). */
    private static final class HeapSamples {
        private final ServerHeap heap;
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "heap sampler");
            thread.setDaemon(true);
            return thread;
        });
        private volatile double peak = Double.NaN;
        private double before = Double.NaN;
        private double after = Double.NaN;
        private double max = Double.NaN;

        HeapSamples(ServerHeap heap) {
            this.heap = heap;
        }

        void start() throws Exception {
            if (heap == null) {
                return;
            }
            max = heap.max();
            before = heap.liveAfterFullGc();
            peak = before;
            sampler.scheduleAtFixedRate(() -> {
                try {
                    peak = Math.max(peak, heap.usedAfterGc());
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    System.err.println("P6: heap sample failed: " + e.getMessage());
                }
            }, 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }

        void stop() throws Exception {
            sampler.shutdownNow();
            sampler.awaitTermination(30, TimeUnit.SECONDS);
            if (heap != null) {
                peak = Math.max(peak, heap.usedAfterGc());
                after = heap.liveAfterFullGc();
            }
        }

        double before() {
            return before;
        }

        double peak() {
            return peak;
        }

        double after() {
            return after;
        }

        double max() {
            return max;
        }
    }
}
