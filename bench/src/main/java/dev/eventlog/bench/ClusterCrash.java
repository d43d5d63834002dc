package dev.eventlog.bench;

import java.io.File;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The failure tests of several nodes (issue 13; cluster/run.sh --test=short|long): two WildFly
 * nodes behind the balancer, the shared-store broker pair and one PostgreSQL, as cluster/run.sh
 * started them. Under REST load (through the balancer) and a remote JMS producer (to the pair), it
 * {@code kill -9}s a node, then the live broker, and after each: every accepted event stored, every
 * stored one delivered to the webhook receiver at least once (duplicates counted), the survivors
 * carried on without a restart, and the killed process, started again, rejoined (a node takes a batch
 * itself; a broker waits as the other's stand-in). Before the kills, one burst of updates sent
 * through both nodes in turn must become one event and one webhook, and a slow receiver must never
 * have more requests of one subscription at once than its ceiling for the whole cluster
 * ({@code --ceiling}, the nodes' EVENTLOG_WEBHOOK_MAX_IN_FLIGHT_PER_SUBSCRIPTION). Exits 1 on any failure.
 *
 * <pre>
 * --short / --long     one kill of a node and one of the live broker (CI), or three of each with more load
 * --work=DIR           cluster/run.sh's directory: start-&lt;name&gt;.sh and &lt;name&gt;.pid of every process
 * --balancer=URL       the balancer in front of the nodes
 * --nodes=URL=READY,…  each node's base URL and readiness URL
 * --brokers=tcp://…,tcp://…  the pair, primary first
 * --token, --db-url    the system token and the shared PostgreSQL
 * --ceiling=C          the nodes' max-in-flight-per-subscription
 * </pre>
 */
public final class ClusterCrash {

    private record Node(String name, Api api, String ready, ServerProcess process) {
    }

    private record Plan(int rounds, Duration loadBefore, Duration loadAfter, int restThreads, int batchSize,
                        long pauseMillis, Duration drainLimit) {
    }

    private ClusterCrash() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Map<String, String> options = Bench.options(args);
        Plan plan = options.containsKey("long")
                ? new Plan(3, Duration.ofSeconds(30), Duration.ofSeconds(15), 4, 20, 50, Duration.ofMinutes(5))
                : new Plan(1, Duration.ofSeconds(10), Duration.ofSeconds(5), 2, 10, 200, Duration.ofMinutes(3));
        Path work = Path.of(Crash.required(options, "work"));
        File log = work.resolve("servers.log").toFile();
        String token = Crash.required(options, "token");
        List<Node> nodes = new ArrayList<>();
        for (String pair : Crash.required(options, "nodes").split(",")) {
            String[] urls = pair.split("=", 2);
            String name = "node" + (nodes.size() + 1);
            nodes.add(new Node(name, new Api(urls[0], token), urls[1], new ServerProcess("WildFly " + name,
                    work.resolve("start-" + name + ".sh").toString(), true, work.resolve(name + ".pid"), log)));
        }
        List<ServerProcess> brokers = new ArrayList<>();
        for (String role : List.of("primary", "backup")) {
            brokers.add(new ServerProcess("live broker (" + role + ")", work.resolve("start-broker-" + role + ".sh").toString(),
                    true, work.resolve("broker-" + role + ".pid"), log));
        }
        Api api = new Api(Crash.required(options, "balancer"), token);
        Broker broker = Broker.pair(Crash.required(options, "brokers"), "eventlog-producer", "eventlog-producer-dev");
        Db db = new Db(Crash.required(options, "db-url"), "eventlog", "eventlog");

        System.out.println("Cluster failure tests: waiting for " + nodes.size() + " nodes");
        for (Node node : nodes) {
            Bench.awaitReady(node.ready(), node.api());
        }
        String[] tenant = api.newTenant("cluster");
        String ingestKey = api.newIngestKey();
        String run = Crash.runId();
        List<Crash.Round> rounds = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (Receiver receiver = new Receiver()) {
            api.subscribe(tenant[1], receiver.url(), "crash", "created");
            api.subscribe(tenant[1], receiver.url(), "crash", "updated");
            BurstAcrossNodes burst = new BurstAcrossNodes(nodes.stream().map(Node::api).toList(), ingestKey, tenant[0], db, receiver);
            burst.check(run).ifPresent(failures::add);
            ceiling(api, tenant, ingestKey, Integer.parseInt(Crash.required(options, "ceiling"))).ifPresent(failures::add);

            int live = 0; // the primary holds the journal's lock first
            for (int k = 0; k < plan.rounds(); k++) {
                Node victim = nodes.get(nodes.size() - 1 - k % nodes.size());
                rounds.add(nodeRound(rounds.size() + 1, victim, run, plan, api, broker, tenant[0], ingestKey, db,
                        receiver, failures));
                rounds.add(brokerRound(rounds.size() + 1, brokers.get(live), nodes, run, plan, api, broker, tenant[0],
                        ingestKey, db, receiver, failures));
                live = 1 - live; // the stand-in took over; the killed one, started again, waits in its place
            }
        }
        Crash.report(rounds);
        failures.forEach(f -> System.out.println("FAILED: " + f));
        boolean failed = !failures.isEmpty() || rounds.stream().anyMatch(Crash.Round::failed);
        System.exit(failed ? 1 : 0);
    }

    private static Crash.Round nodeRound(int number, Node victim, String run, Plan plan, Api api,
                                         Broker broker, String organizationId, String ingestKey, Db db,
                                         Receiver receiver, List<String> failures) throws Exception {
        System.out.println("Round " + number + ": load through the balancer, then kill -9 of " + victim.name());
        String prefix = run + "r" + number;
        CrashLoad load = loaded(prefix, plan, api, broker, organizationId, ingestKey);
        long killedAt = System.nanoTime();
        System.out.println("  killed pid " + victim.process().kill());
        carriedOn(load, killedAt, "the other node", failures);
        victim.process().start();
        // A node starting beside the load and the other node took up to 3 minutes on 2 cores.
        Bench.awaitReady(victim.ready(), victim.api(), Duration.ofMinutes(6));
        double ready = Crash.seconds(killedAt);
        // Rejoined: it takes a batch itself, and what it took is checked with the rest.
        if (!load.postOnce(victim.api())) {
            failures.add(victim.name() + " answered ready but refused a batch after its restart");
        }
        ServerProcess.pace(plan.loadAfter());
        load.stop();
        return Crash.settle(number, "WildFly " + victim.name(), load, prefix, killedAt, ready, plan.drainLimit(), db,
                organizationId, receiver);
    }

    private static Crash.Round brokerRound(int number, ServerProcess live, List<Node> nodes, String run, Plan plan,
                                           Api api, Broker broker, String organizationId, String ingestKey, Db db,
                                           Receiver receiver, List<String> failures) throws Exception {
        System.out.println("Round " + number + ": load, then kill -9 of the " + live.label());
        String prefix = run + "r" + number;
        CrashLoad load = loaded(prefix, plan, api, broker, organizationId, ingestKey);
        long killedAt = System.nanoTime();
        System.out.println("  killed pid " + live.kill());
        carriedOn(load, killedAt, "the nodes, on the stand-in broker", failures);
        for (Node node : nodes) {
            Bench.awaitReady(node.ready(), node.api());
        }
        double ready = Crash.seconds(killedAt);
        // Started again, it waits for the journal's lock: the stand-in of the one that took over.
        live.start();
        ServerProcess.pace(plan.loadAfter());
        load.stop();
        // While the broker was away, ingest is refused as "retry later" (503), never as our fault (500).
        System.out.println("  REST answers other than 202, by status (0: none): " + load.refusals());
        if (load.refusals().containsKey(500)) {
            failures.add(load.refusals().get(500) + " REST ingest requests answered 500 while the broker failed over");
        }
        return Crash.settle(number, live.label(), load, prefix, killedAt, ready, plan.drainLimit(), db, organizationId,
                receiver);
    }

    /** The round's producers, started, once they have run for the plan's time before the kill. */
    private static CrashLoad loaded(String prefix, Plan plan, Api api, Broker broker, String organizationId,
                                    String ingestKey) throws InterruptedException {
        CrashLoad load = new CrashLoad(api, broker, organizationId, ingestKey, plan.restThreads(), plan.batchSize(),
                plan.pauseMillis());
        load.start(prefix);
        ServerProcess.pace(plan.loadBefore());
        return load;
    }

    /**
     * A subscription's ceiling holds for the cluster: 60 deliveries to a receiver that thinks for
     * 300 ms each, sent by both nodes, never more than C at once (per node, each would allow C).
     */
    private static java.util.Optional<String> ceiling(Api api, String[] tenant, String ingestKey, int ceiling)
            throws Exception {
        try (Receiver slow = new Receiver(200, 300)) {
            String subscription = api.subscribe(tenant[1], slow.url(), "ceiling", "created");
            List<String> batches = new ArrayList<>();
            for (int b = 0; b < 6; b++) {
                List<String> events = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    events.add(Payloads.event(Payloads.newId(), tenant[0], "ceiling", "ceil_" + b + "_" + i, "created"));
                }
                batches.add(Payloads.batch(events));
            }
            IngestThroughput.inParallel(batches, 2, batch -> api.ingest(ingestKey, batch));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (slow.requests() < 60 && System.nanoTime() < deadline) {
                ServerProcess.pace(Duration.ofMillis(200));
            }
            api.unsubscribe(tenant[1], subscription);
            System.out.println("Ceiling of " + ceiling + " for the cluster: 60 deliveries to a receiver taking 300 ms, "
                    + slow.requests() + " received, at most " + slow.mostAtOnce() + " at once");
            if (slow.requests() < 60) {
                return java.util.Optional.of("the slow receiver got " + slow.requests() + " of 60 deliveries in 2 minutes");
            }
            return slow.mostAtOnce() <= ceiling ? java.util.Optional.empty()
                    : java.util.Optional.of("the slow receiver had " + slow.mostAtOnce() + " requests at once, above the ceiling of " + ceiling);
        }
    }

    /** The survivors accept events again, within a minute of the kill, with nothing restarted. */
    private static void carriedOn(CrashLoad load, long killedAt, String who, List<String> failures)
            throws InterruptedException {
        int before = load.accepted().size();
        long deadline = killedAt + Duration.ofMinutes(1).toNanos();
        while (load.accepted().size() == before && System.nanoTime() < deadline) {
            ServerProcess.pace(Duration.ofMillis(100));
        }
        if (load.accepted().size() == before) {
            failures.add(who + " accepted nothing within a minute of the kill");
        } else {
            System.out.printf("  %s carried on: events accepted again %.1f s after the kill%n", who, Crash.seconds(killedAt));
        }
    }

    /**
     * Consolidation across nodes: updates of one object by one user, sent in turn through each node
     * within the consolidation window, are one stored event and one webhook.
     */
    private record BurstAcrossNodes(List<Api> nodes, String ingestKey, String organizationId, Db db, Receiver receiver) {

        java.util.Optional<String> check(String run) throws InterruptedException, SQLException {
            // The burst must fit in the consolidation window (5 s) to be one: nodes just started
            // answer their first requests slowly, so a burst that took longer is sent again.
            for (int attempt = 1; ; attempt++) {
                String objectId = "obj_burst" + run + "a" + attempt;
                long started = System.nanoTime();
                send(objectId);
                double took = Crash.seconds(started);
                if (took < 3 || attempt == 5) {
                    return settle(objectId, took);
                }
                System.out.printf("Burst through both nodes took %.1f s, more than the window allows; again%n", took);
            }
        }

        private void send(String objectId) {
            for (int i = 0; i < 6; i++) {
                Api node = nodes.get(i % nodes.size());
                node.ingest(ingestKey, "[{\"organization_id\":\"" + organizationId + "\",\"object_type\":\"crash\","
                        + "\"object_id\":\"" + objectId + "\",\"action\":\"updated\",\"user_id\":\"user_burst\","
                        + "\"data\":{\"n\":" + (i + 1) + "},\"changed_fields\":[\"n\"],\"previous_data\":{\"n\":" + i + "}}]");
            }
        }

        private java.util.Optional<String> settle(String objectId, double took) throws InterruptedException, SQLException {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<String> ids = List.of();
            while (System.nanoTime() < deadline) {
                ids = db.column("SELECT id FROM event WHERE organization_id = ? AND object_id = ?", organizationId, objectId);
                if (ids.size() == 1 && receiver.deliveriesOf(ids.get(0)) > 0) {
                    break;
                }
                ServerProcess.pace(Duration.ofMillis(200));
            }
            // A second webhook would come after the window (5 s) and its grace: wait them out.
            ServerProcess.pace(Duration.ofSeconds(8));
            ids = db.column("SELECT id FROM event WHERE organization_id = ? AND object_id = ?", organizationId, objectId);
            long webhooks = ids.stream().mapToLong(receiver::deliveriesOf).sum();
            System.out.printf("Burst of 6 updates through %d nodes in turn (sent in %.1f s): ", nodes.size(), took);
            System.out.println(ids.size()
                    + " stored event(s) " + Arrays.toString(ids.toArray()) + ", " + webhooks + " webhook(s)");
            return ids.size() == 1 && webhooks == 1 ? java.util.Optional.empty()
                    : java.util.Optional.of("a burst through both nodes gave " + ids.size() + " events and " + webhooks + " webhooks");
        }
    }
}
