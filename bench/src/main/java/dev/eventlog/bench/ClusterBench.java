package dev.eventlog.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Throughput of the cluster with 2 nodes and then with 1, in the same run on the same machine
 * (issue 13; {@code cluster/run.sh --bench}): REST batches through the balancer, each run's events
 * counted until stored (PostgreSQL) and until every one reached the webhook receiver. Three runs with
 * both nodes, then node 2 is killed and three runs with node 1 alone; the medians are printed as
 * a Markdown table for bench/README.md. On one machine the second node shares the same cores,
 * PostgreSQL and broker: the figures show what a node costs, not how the cluster scales.
 */
public final class ClusterBench {

    private static final int EVENTS = 10_000;
    private static final int BATCH = 100;
    private static final int CLIENTS = 4;
    private static final int RUNS = 3;

    private record Run(double storedPerSecond, double deliveredPerSecond) {
    }

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Bench.options(args);
        Path work = Path.of(Crash.required(options, "work"));
        String token = Crash.required(options, "token");
        String[] nodes = Crash.required(options, "nodes").split(",");
        for (String node : nodes) {
            String[] urls = node.split("=", 2);
            Bench.awaitReady(urls[1], new Api(urls[0], token));
        }
        Api api = new Api(Crash.required(options, "balancer"), token);
        Db db = new Db(Crash.required(options, "db-url"), "eventlog", "eventlog");
        String[] tenant = api.newTenant("cluster bench");
        String ingestKey = api.newIngestKey();
        List<String> table = new ArrayList<>();
        try (Receiver receiver = new Receiver()) {
            api.subscribe(tenant[1], receiver.url(), "opportunity", "created");
            run(api, db, tenant[0], ingestKey, receiver, "warm-up", 1);
            table.add(row(nodes.length + " nodes", run(api, db, tenant[0], ingestKey, receiver, nodes.length + " nodes", RUNS)));
            ServerProcess last = new ServerProcess("node" + nodes.length, "true", true,
                    work.resolve("node" + nodes.length + ".pid"), work.resolve("servers.log").toFile());
            System.out.println("Killing node" + nodes.length + " (pid " + last.kill() + ")");
            awaitBalancerNotices(api, ingestKey, tenant[0]);
            table.add(row((nodes.length - 1) + " node(s)", run(api, db, tenant[0], ingestKey, receiver,
                    (nodes.length - 1) + " node(s)", RUNS)));
        }
        System.out.println();
        System.out.println("| cluster | REST ingest until stored (events/s) | until delivered (events/s) |");
        System.out.println("|---|---|---|");
        table.forEach(System.out::println);
        System.exit(0);
    }

    /** The medians of {@code runs} runs of {@link #EVENTS} created events each. */
    private static Run run(Api api, Db db, String organizationId, String ingestKey, Receiver receiver, String label,
                           int runs) throws Exception {
        double[] stored = new double[runs];
        double[] delivered = new double[runs];
        for (int r = 0; r < runs; r++) {
            List<String> ids = new ArrayList<>();
            List<String> batches = new ArrayList<>();
            for (int from = 0; from < EVENTS; from += BATCH) {
                List<String> events = new ArrayList<>();
                for (int i = from; i < from + BATCH; i++) {
                    String id = Payloads.newId();
                    ids.add(id);
                    events.add(Payloads.event(id, organizationId, "opportunity", "oppo_" + id.substring(3), "created"));
                }
                batches.add(Payloads.batch(events));
            }
            long before = db.number("SELECT count(*) FROM event WHERE organization_id = ?", organizationId);
            long start = System.nanoTime();
            IngestThroughput.inParallel(batches, CLIENTS, batch -> api.ingest(ingestKey, batch));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            double storedAt = Double.NaN;
            double deliveredAt = Double.NaN;
            while (System.nanoTime() < deadline && Double.isNaN(deliveredAt)) {
                if (Double.isNaN(storedAt)
                        && db.number("SELECT count(*) FROM event WHERE organization_id = ?", organizationId) - before >= EVENTS) {
                    storedAt = Crash.seconds(start);
                }
                if (!Double.isNaN(storedAt) && ids.stream().allMatch(id -> receiver.deliveriesOf(id) > 0)) {
                    deliveredAt = Crash.seconds(start);
                }
                ServerProcess.pace(Duration.ofMillis(50));
            }
            stored[r] = EVENTS / storedAt;
            delivered[r] = EVENTS / deliveredAt;
            System.out.printf("%s, run %d: %,d events stored in %.1f s (%,.0f/s), delivered in %.1f s (%,.0f/s)%n", label,
                    r + 1, EVENTS, storedAt, stored[r], deliveredAt, delivered[r]);
        }
        return new Run(median(stored), median(delivered));
    }

    /** Until a request through the balancer is answered by the survivor: the balancer saw the node go. */
    private static void awaitBalancerNotices(Api api, String ingestKey, String organizationId) throws InterruptedException {
        ServerProcess.pace(Duration.ofSeconds(2));
        for (int i = 0; i < 4; i++) {
            api.ingest(ingestKey, Payloads.batch(List.of(Payloads.event(Payloads.newId(), organizationId, "warmup",
                    "warm_" + i, "created"))));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String row(String cluster, Run run) {
        return String.format("| %s | %,.0f | %,.0f |", cluster, run.storedPerSecond(), run.deliveredPerSecond());
    }
}
