package dev.eventlog.bench;

import java.io.File;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The crash tests (issue 11): drives load through a real Eventlog and {@code kill -9}s, under that
 * load, the WildFly JVM (with the embedded broker) and the PostgreSQL postmaster, restarts them and
 * checks, after each restart, that every accepted event is stored (none lost) and that every stored
 * event reached the webhook receiver at least once; it counts duplicate deliveries and the recovery
 * times (kill to ready, kill to drained). Exits 1 on any loss. bench/crash.sh sets everything up.
 *
 * <pre>
 * --short / --long          one kill of each kind (CI), or three of each with more load (bench/README.md)
 * --base=URL                Eventlog (http://127.0.0.1:8780: port offset 700)
 * --health=URL              its readiness (http://127.0.0.1:10690/health/ready)
 * --token=SECRET            the system token
 * --jms-user=NAME --jms-password=PW  the remote producer's broker user
 * --db-url=JDBC             its PostgreSQL (jdbc:postgresql://127.0.0.1:15733/eventlog)
 * --wildfly-start=CMD       shell command that starts WildFly and writes its JVM's pid to --wildfly-pid=FILE
 * --postgres-start=CMD      shell command that starts PostgreSQL on --postgres-pid=FILE's data directory
 * --log=FILE                where the servers' start output goes
 * </pre>
 */
public final class Crash {

    private record Plan(List<CrashServers.Kind> kills, Duration loadBefore, Duration loadAfter, int restThreads,
                        int batchSize, long pauseMillis, Duration drainLimit) {
    }

    /** One kill and what followed it; also the cluster's failure tests' (ClusterCrash). */
    record Round(int number, String killed, int sent, int accepted, int stored, int lost,
                         int undelivered, long duplicates, double readySeconds, double drainedSeconds) {

        boolean failed() {
            return lost > 0 || undelivered > 0;
        }
    }

    private Crash() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("sun.net.httpserver.maxIdleConnections", "1000");
        Map<String, String> options = Bench.options(args);
        List<CrashServers.Kind> two = List.of(CrashServers.Kind.WILDFLY, CrashServers.Kind.POSTGRES);
        Plan plan = options.containsKey("long")
                ? new Plan(List.of(CrashServers.Kind.WILDFLY, CrashServers.Kind.POSTGRES, CrashServers.Kind.WILDFLY,
                        CrashServers.Kind.POSTGRES, CrashServers.Kind.WILDFLY, CrashServers.Kind.POSTGRES),
                        Duration.ofSeconds(30), Duration.ofSeconds(15), 4, 20, 50, Duration.ofMinutes(5))
                : new Plan(two, Duration.ofSeconds(10), Duration.ofSeconds(5), 2, 10, 100, Duration.ofMinutes(3));
        String base = options.getOrDefault("base", "http://127.0.0.1:8780");
        String health = options.getOrDefault("health", "http://127.0.0.1:10690/health/ready");
        Api api = new Api(base, options.getOrDefault("token", "crash-token"));
        Broker broker = new Broker(base, options.getOrDefault("jms-user", "eventlog-producer"),
                options.getOrDefault("jms-password", "eventlog-producer-dev"));
        Db db = new Db(options.getOrDefault("db-url", "jdbc:postgresql://127.0.0.1:15733/eventlog"), "eventlog", "eventlog");
        CrashServers servers = new CrashServers(required(options, "wildfly-start"), Path.of(required(options, "wildfly-pid")),
                required(options, "postgres-start"), Path.of(required(options, "postgres-pid")),
                new File(options.getOrDefault("log", "target/crash/servers.log")));

        System.out.println("Crash tests: starting WildFly");
        servers.startWildFly();
        Bench.awaitReady(health, api);
        String[] tenant = api.newTenant("crash");
        String ingestKey = api.newIngestKey();
        String run = runId();
        List<Round> rounds = new ArrayList<>();
        try (Receiver receiver = new Receiver()) {
            api.subscribe(tenant[1], receiver.url(), "crash", "created");
            api.subscribe(tenant[1], receiver.url(), "crash", "updated");
            for (CrashServers.Kind kind : plan.kills()) {
                int number = rounds.size() + 1;
                CrashLoad load = new CrashLoad(api, broker, tenant[0], ingestKey, plan.restThreads(), plan.batchSize(),
                        plan.pauseMillis());
                Round round = round(number, kind, run + "r" + number, load, plan, servers, health, api, db, tenant[0], receiver);
                rounds.add(round);
                System.out.println(line(round));
            }
        }
        report(rounds);
        // Explicitly: the broker client's threads must not keep exec:java waiting.
        System.exit(rounds.stream().anyMatch(Round::failed) ? 1 : 0);
    }

    private static Round round(int number, CrashServers.Kind kind, String prefix, CrashLoad load, Plan plan,
                               CrashServers servers, String health, Api api, Db db, String organizationId,
                               Receiver receiver) throws Exception {
        System.out.println("Round " + number + ": load, then kill -9 of the " + kind.label);
        load.start(prefix);
        ServerProcess.pace(plan.loadBefore());
        long killedAt = System.nanoTime();
        long pid = servers.kill(kind);
        System.out.println("  killed pid " + pid + "; restarting");
        if (kind == CrashServers.Kind.WILDFLY) {
            servers.startWildFly();
        } else {
            servers.startPostgres();
        }
        Bench.awaitReady(health, api);
        double ready = seconds(killedAt);
        ServerProcess.pace(plan.loadAfter());
        load.stop();
        return settle(number, kind.label, load, prefix, killedAt, ready, plan.drainLimit(), db, organizationId, receiver);
    }

    /**
     * After the load of a round has stopped: waits, up to {@code drainLimit}, until every accepted
     * event of the round ({@code ev_} + prefix) is stored and every stored one has reached the
     * receiver, and counts what is missing when the limit passes, and the duplicate deliveries.
     */
    static Round settle(int number, String killed, CrashLoad load, String prefix, long killedAt, double ready,
                        Duration drainLimit, Db db, String organizationId, Receiver receiver) throws InterruptedException {
        Set<String> accepted = load.accepted();
        long deadline = System.nanoTime() + drainLimit.toNanos();
        Set<String> stored = Set.of();
        Set<String> lost = accepted;
        Set<String> undelivered = Set.of();
        double drained = Double.NaN;
        while (System.nanoTime() < deadline) {
            try {
                stored = new HashSet<>(db.column("SELECT id FROM event WHERE organization_id = ? AND starts_with(id, ?)",
                        organizationId, "ev_" + prefix));
            } catch (SQLException notYet) {
                ServerProcess.pace(Duration.ofSeconds(1));
                continue;
            }
            lost = difference(accepted, stored);
            undelivered = stored.stream().filter(id -> receiver.deliveriesOf(id) == 0).collect(Collectors.toSet());
            if (lost.isEmpty() && undelivered.isEmpty()) {
                drained = seconds(killedAt);
                break;
            }
            ServerProcess.pace(Duration.ofSeconds(1));
        }
        if (!lost.isEmpty() || !undelivered.isEmpty()) {
            System.out.println("  after " + drainLimit.toSeconds() + " s: lost " + sample(lost)
                    + ", stored but never delivered " + sample(undelivered));
        }
        long duplicates = stored.stream().mapToLong(id -> Math.max(0, receiver.deliveriesOf(id) - 1)).sum();
        return new Round(number, killed, load.sent().size(), accepted.size(), stored.size(), lost.size(), undelivered.size(),
                duplicates, ready, drained);
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static String sample(Set<String> ids) {
        return ids.size() + (ids.isEmpty() ? "" : " (e.g. " + ids.stream().limit(3).toList() + ")");
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    static String line(Round r) {
        return String.format("| %d | %s | %d | %d | %d | %d | %d | %d | %.1f | %s |", r.number(), r.killed(), r.sent(),
                r.accepted(), r.stored(), r.lost(), r.undelivered(), r.duplicates(), r.readySeconds(),
                Double.isNaN(r.drainedSeconds()) ? "not drained" : String.format("%.1f", r.drainedSeconds()));
    }

    static void report(List<Round> rounds) {
        System.out.println();
        System.out.println("| round | kill -9 of | events sent | accepted | stored | lost | owed webhooks not delivered "
                + "| duplicate deliveries | ready again (s after kill) | drained (s after kill) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rounds.forEach(r -> System.out.println(line(r)));
        System.out.println(rounds.stream().anyMatch(Round::failed) ? "FAILED: accepted events or owed webhooks were lost"
                : "OK: no accepted event lost, every owed webhook delivered at least once");
    }

    static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + key + " is required (bench/crash.sh passes it)");
        }
        return value;
    }

    /** Letters and digits only: event ids are ev_ and 1 to 64 of them. */
    static String runId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
