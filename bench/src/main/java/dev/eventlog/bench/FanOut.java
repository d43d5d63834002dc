package dev.eventlog.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * P2: webhook deliveries per second to a local receiver, 10 subscriptions all matching, against a
 * plain HttpClient POST loop (8 threads, the delivery MDB's sessions) of the same bodies to the
 * same receiver.
 */
final class FanOut {

    static final int SUBSCRIPTIONS = 10;
    private static final int BATCH = 500;

    private final Api api;
    private final Scale scale;

    FanOut(Api api, Scale scale) {
        this.api = api;
        this.scale = scale;
    }

    Result run() throws Exception {
        String[] tenant = api.newTenant("bench P2");
        String org = tenant[0];
        String ingestKey = api.newIngestKey();
        int n = scale.fanOutEvents();
        int expected = n * SUBSCRIPTIONS;
        List<String> sample = new ArrayList<>();
        double ours;
        long delivered;
        try (Receiver receiver = new Receiver()) {
            List<String> subscriptions = new ArrayList<>();
            for (int i = 0; i < SUBSCRIPTIONS; i++) {
                subscriptions.add(api.subscribe(tenant[1], receiver.url(), "bench.fanout", "created"));
            }
            List<String> batches = new ArrayList<>();
            for (int from = 0; from < n; from += BATCH) {
                List<String> events = new ArrayList<>();
                for (int i = from; i < Math.min(n, from + BATCH); i++) {
                    events.add(Payloads.event(Payloads.newId(), org, "bench.fanout", "oppo_p2_" + i, "created"));
                }
                if (sample.isEmpty()) {
                    sample.add("{\"event\":" + events.get(0) + ",\"subscription_id\":\"whsub_0000000000000000000000\"}");
                }
                batches.add(Payloads.batch(events));
            }
            long start = System.nanoTime();
            IngestThroughput.inParallel(batches, batch -> api.ingest(ingestKey, batch));
            long deadline = System.nanoTime() + scale.deadline().toNanos();
            while (receiver.requests() < expected && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            delivered = receiver.requests();
            ours = delivered / ((receiver.lastArrivalNanos() - start) / 1e9);
            subscriptions.forEach(id -> api.unsubscribe(tenant[1], id));
        }
        double baseline = postLoop(sample.get(0), expected);
        double ratio = ours / baseline;
        return new Result("P2 webhook fan-out",
                String.format("%,d events × %d subscriptions (all matching), receiver on loopback", n, SUBSCRIPTIONS),
                Result.num(ours) + " deliveries/s", Result.num(baseline) + " POSTs/s (HttpClient loop)", Result.num(ratio),
                "≥ 5,000/s and ≥ 0.5 × baseline", delivered >= expected && ours >= 5_000 && ratio >= 0.5,
                delivered >= expected ? "" : String.format("%,d of %,d delivered before the deadline", delivered, expected));
    }

    private static double postLoop(String body, int count) throws Exception {
        try (Receiver receiver = new Receiver()) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.url()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            List<Integer> slices = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                slices.add(count / 8 + (i < count % 8 ? 1 : 0));
            }
            long start = System.nanoTime();
            IngestThroughput.inParallel(slices, k -> {
                for (int i = 0; i < k; i++) {
                    try {
                        http.send(request, HttpResponse.BodyHandlers.discarding());
                    } catch (java.io.IOException brokenConnection) {
                        http.send(request, HttpResponse.BodyHandlers.discarding()); // once more, as Api does
                    }
                }
            });
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }
}
