package dev.eventlog.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * P3: latency from emit (just before the ingest call) to the webhook's arrival, for created events
 * at a steady rate (batches of 10 every 10 ms at 1,000/s), one subscription.
 */
final class Latency {

    private final Api api;
    private final Scale scale;

    /** Milliseconds, for the chart; filled by {@link #run}. */
    double[] samples = new double[0];

    Latency(Api api, Scale scale) {
        this.api = api;
        this.scale = scale;
    }

    Result run() throws Exception {
        String[] tenant = api.newTenant("bench P3");
        String org = tenant[0];
        String ingestKey = api.newIngestKey();
        int perTick = Math.max(1, scale.latencyRate() / 100);
        int ticks = scale.latencySeconds() * 100;
        Map<String, Long> emitted = new ConcurrentHashMap<>();
        try (Receiver receiver = new Receiver()) {
            String subscription = api.subscribe(tenant[1], receiver.url(), "bench.latency", "created");
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            ExecutorService senders = Executors.newFixedThreadPool(16);
            for (int t = 0; t < ticks; t++) {
                int tick = t;
                clock.schedule(() -> senders.submit(() -> {
                    List<String> events = new ArrayList<>();
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < perTick; i++) {
                        String id = Payloads.newId();
                        ids.add(id);
                        events.add(Payloads.event(id, org, "bench.latency", "oppo_p3_" + tick + "_" + i, "created"));
                    }
                    long at = System.nanoTime();
                    ids.forEach(id -> emitted.put(id, at));
                    api.ingest(ingestKey, Payloads.batch(events));
                }), t * 10L, TimeUnit.MILLISECONDS);
            }
            clock.shutdown();
            clock.awaitTermination(scale.latencySeconds() + 60L, TimeUnit.SECONDS);
            senders.shutdown();
            senders.awaitTermination(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + scale.deadline().toNanos();
            while (arrived(receiver, emitted) < emitted.size() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            api.unsubscribe(tenant[1], subscription);
            samples = Stats.sorted(latencies(emitted, receiver));
        }
        double p50 = Stats.percentile(samples, 50);
        double p95 = Stats.percentile(samples, 95);
        double p99 = Stats.percentile(samples, 99);
        int missing = emitted.size() - samples.length;
        return new Result("P3 latency emit → webhook received",
                String.format("created events at %,d/s for %d s (batches of %d every 10 ms), 1 subscription",
                        scale.latencyRate(), scale.latencySeconds(), perTick),
                String.format("p50 %s / p95 %s / p99 %s ms", Result.num(p50), Result.num(p95), Result.num(p99)),
                "—", "—", "p99 < 50 ms", missing == 0 && p99 < 50,
                missing == 0 ? "" : String.format("%,d of %,d not received before the deadline", missing, emitted.size()));
    }

    /** Milliseconds from emit to first arrival, of the events that arrived. */
    static double[] latencies(Map<String, Long> emitted, Receiver receiver) {
        return emitted.entrySet().stream().filter(e -> receiver.arrivalOf(e.getKey()) != null)
                .mapToDouble(e -> (receiver.arrivalOf(e.getKey()) - e.getValue()) / 1e6).toArray();
    }

    private static long arrived(Receiver receiver, Map<String, Long> emitted) {
        return emitted.keySet().stream().filter(id -> receiver.arrivalOf(id) != null).count();
    }
}
