package dev.eventlog.bench;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * P11: a recovery while live traffic flows. One organization logs N events while its subscription
 * does not exist yet (so none was delivered); another has a live subscription receiving created
 * events at a steady rate. The live latency (emit → webhook received) is measured for a while
 * alone, then while the first organization's subscription recovers the whole window: events
 * re-sent per second, and what live latency did meanwhile.
 */
final class RecoveryLoad {

    private static final int BATCH = 500;

    /**
     * 100 created events a second, in requests of 10 every 100 ms: live traffic the pipeline takes
     * on 2 cores without queueing. (P3's 1,000/s in requests of 10 every 10 ms queues for seconds on
     * its own, issue 17, and would measure that instead of the recovery's effect.)
     */
    private static final int LIVE_RATE = 100;
    private static final int LIVE_TICK_MILLIS = 100;

    private final Api api;
    private final Scale scale;

    RecoveryLoad(Api api, Scale scale) {
        this.api = api;
        this.scale = scale;
    }

    Result run() throws Exception {
        String ingestKey = api.newIngestKey();
        String[] recovering = api.newTenant("bench P11 recovery");
        String[] live = api.newTenant("bench P11 live");
        int n = scale.recoveryEvents();
        String since = Payloads.now();
        List<String> batches = new ArrayList<>();
        for (int from = 0; from < n; from += BATCH) {
            List<String> events = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + BATCH); i++) {
                events.add(Payloads.event(Payloads.newId(), recovering[0], "bench.recovery", "oppo_p11_" + i, "created"));
            }
            batches.add(Payloads.batch(events));
        }
        long stored = api.stored();
        IngestThroughput.inParallel(batches, batch -> api.ingest(ingestKey, batch));
        // All stored before the subscription exists, so none of them is dispatched to it, and the
        // pipeline idle again before live latency is measured.
        long deadline = System.nanoTime() + scale.deadline().toNanos();
        while (api.stored() < stored + n && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }

        try (Receiver recovered = new Receiver(); Receiver liveReceiver = new Receiver()) {
            String subscription = api.subscribe(recovering[1], recovered.url(), "bench.recovery", "created");
            String liveSubscription = api.subscribe(live[1], liveReceiver.url(), "bench.live", "created");
            awaitQuiet(live[0], ingestKey, liveReceiver);
            double[] alone = Stats.sorted(liveTraffic(live[0], ingestKey, liveReceiver, () -> false, scale.latencySeconds()));

            JsonObject started = api.send("POST", "/api/v1/webhook/" + subscription + "/recover/", recovering[1],
                    "{\"since\": \"" + since + "\"}").expect(202).json();
            long start = System.nanoTime();
            String progress = "/api/v1/webhook/" + subscription + "/recoveries/" + started.getString("id") + "/";
            long end = start + scale.deadline().toNanos();
            double[] during = Stats.sorted(liveTraffic(live[0], ingestKey, liveReceiver,
                    () -> recovered.requests() >= n || System.nanoTime() > end, 0));
            while (recovered.requests() < n && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            double seconds = (recovered.lastArrivalNanos() - start) / 1e9;
            long sent = recovered.requests();
            JsonObject status = api.send("GET", progress, recovering[1], null).expect(200).json();
            api.unsubscribe(recovering[1], subscription);
            api.unsubscribe(live[1], liveSubscription);

            double rate = sent / seconds;
            double before99 = Stats.percentile(alone, 99);
            double during99 = Stats.percentile(during, 99);
            return new Result("P11 recovery during live traffic",
                    String.format("%,d logged events recovered to 1 subscription; live: created events at %,d/s (10 per request) to another",
                            n, LIVE_RATE),
                    String.format("%s events/s re-sent (%,d in %.1f s); live p50 / p99 %s / %s ms during (%s / %s ms before)",
                            Result.num(rate), sent, seconds, Result.num(Stats.percentile(during, 50)), Result.num(during99),
                            Result.num(Stats.percentile(alone, 50)), Result.num(before99)),
                    "—", "—", "≥ 1,000 events/s re-sent; live p99 meanwhile at most twice what it was before",
                    sent >= n && rate >= 1_000 && during99 <= 2 * before99,
                    (sent >= n ? "" : String.format("%,d of %,d re-sent before the deadline; ", sent, n))
                            + "recovery " + status.getString("status") + ", " + status.getInt("queued") + " queued, "
                            + during.length + " live events measured during it");
        }
    }

    /**
     * Until the server has digested the load of filling the log (the stored counter runs ahead of
     * what follows a store): one probe event at a time, until two in a row arrive within 250 ms.
     */
    private void awaitQuiet(String org, String ingestKey, Receiver receiver) throws Exception {
        long deadline = System.nanoTime() + scale.deadline().toNanos();
        int quick = 0;
        while (quick < 2 && System.nanoTime() < deadline) {
            String id = Payloads.newId();
            long at = System.nanoTime();
            api.ingest(ingestKey, Payloads.batch(List.of(Payloads.event(id, org, "bench.live", "oppo_p11_probe_" + id, "created"))));
            while (receiver.arrivalOf(id) == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Long arrival = receiver.arrivalOf(id);
            quick = arrival != null && arrival - at < 250_000_000L ? quick + 1 : 0;
        }
    }

    /**
     * Created events to the live organization at {@link #LIVE_RATE}, until
     * {@code stop} says so (checked every tick) or for {@code seconds}; then waits for them to
     * arrive. Latencies in milliseconds.
     */
    private double[] liveTraffic(String org, String ingestKey, Receiver receiver, BooleanSupplier stop, int seconds)
            throws Exception {
        int perTick = LIVE_RATE * LIVE_TICK_MILLIS / 1000;
        Map<String, Long> emitted = new ConcurrentHashMap<>();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        long end = seconds > 0 ? System.nanoTime() + seconds * 1_000_000_000L : Long.MAX_VALUE;
        clock.scheduleAtFixedRate(() -> {
            if (stop.getAsBoolean() || System.nanoTime() > end) {
                clock.shutdown();
                return;
            }
            senders.submit(() -> {
                List<String> events = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < perTick; i++) {
                    String id = Payloads.newId();
                    ids.add(id);
                    events.add(Payloads.event(id, org, "bench.live", "oppo_p11_live_" + id, "created"));
                }
                long at = System.nanoTime();
                ids.forEach(id -> emitted.put(id, at));
                api.ingest(ingestKey, Payloads.batch(events));
                return null;
            });
        }, 0, LIVE_TICK_MILLIS, TimeUnit.MILLISECONDS);
        clock.awaitTermination(scale.deadline().toSeconds() + 60, TimeUnit.SECONDS);
        senders.shutdown();
        senders.awaitTermination(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + scale.deadline().toNanos();
        while (emitted.keySet().stream().anyMatch(id -> receiver.arrivalOf(id) == null) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return Latency.latencies(emitted, receiver);
    }
}
