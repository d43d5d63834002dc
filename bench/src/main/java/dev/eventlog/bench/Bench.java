package dev.eventlog.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmark scenarios against a running Eventlog (bench/run.sh starts one as README
 * does) and writes RESULTS.md and the latency chart.
 *
 * <pre>
 * --smoke              seconds of work, for CI: fails if any scenario fails to run
 * --base=URL           Eventlog (http://localhost:8080)
 * --token=SECRET       the system token (EVENTLOG_SYSTEM_TOKEN)
 * --health=URL         readiness to wait for (http://localhost:9990/health/ready)
 * --jms-user=NAME      the remote producer's broker user (eventlog-producer, the build's default)
 * --jms-password=PW    its password (eventlog-producer-dev)
 * --db-url=JDBC        the same PostgreSQL, for the baselines and the data P4-P6 load (jdbc:postgresql://127.0.0.1:15432/eventlog)
 * --only=P1,P3         run only these scenarios (profiling one of them; RESULTS.md then holds only those);
 *                      P3K is P3's knee: P3 at each of --p3-rates for --p3-seconds, charted in knee.svg
 * --p3-rates=100,500   the offered rates of the knee (events/s; 100 to 1,500 in steps)
 * --p3-seconds=15      how long each rate of the knee lasts
 * --repeat=3           runs of P1 and P2, whose ratios are the medians (1 for --smoke)
 * --out=DIR            where RESULTS.md and latency.svg go (bench; bench/target for --smoke)
 * </pre>
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        // The JDK's HTTP server leaves Nagle's algorithm on: small answers then wait for the
        // client's delayed ACK (40 ms), and the receiver, not Eventlog, would be measured.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // It also closes keep-alive connections past 200 idle ones; a client that reuses one just
        // closed gets "header parser received no bytes" (seen in P2), again the receiver's doing.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "1000");
        Map<String, String> options = options(args);
        boolean smoke = options.containsKey("smoke");
        Scale scale = smoke ? Scale.smokeRun() : Scale.full();
        Api api = new Api(options.getOrDefault("base", "http://localhost:8080"),
                options.getOrDefault("token", System.getenv().getOrDefault("EVENTLOG_SYSTEM_TOKEN", "bench-token")));
        String dbUrl = options.getOrDefault("db-url", "jdbc:postgresql://127.0.0.1:15432/eventlog");
        Db db = new Db(dbUrl, "eventlog", "eventlog");
        // A smoke run's numbers mean nothing: they stay out of the committed RESULTS.md.
        Path out = Path.of(options.getOrDefault("out", smoke ? "bench/target" : "bench"));
        java.nio.file.Files.createDirectories(out);

        awaitReady(options.getOrDefault("health", "http://localhost:9990/health/ready"), api);
        List<Result> results = new ArrayList<>();
        Latency latency = new Latency(api, scale);
        java.util.Set<String> only = options.containsKey("only")
                ? java.util.Set.of(options.get("only").split(",")) : java.util.Set.of("P1", "P2", "P3", "P3K", "P4", "P5", "P6", "P7", "P8", "P9", "P11");
        // The ratios to a baseline move from run to run on a shared machine: each is the median of several runs.
        int repeat = Integer.parseInt(options.getOrDefault("repeat", smoke ? "1" : "3"));
        if (only.contains("P1")) {
            Broker broker = new Broker(options.getOrDefault("base", "http://localhost:8080"),
                    options.getOrDefault("jms-user", "eventlog-producer"), options.getOrDefault("jms-password", "eventlog-producer-dev"));
            medianOf(repeat, () -> new IngestThroughput(api, scale, db).run(broker)).forEach(r -> results.add(report(r)));
        }
        if (only.contains("P2")) {
            medianOf(repeat, () -> List.of(new FanOut(api, scale).run())).forEach(r -> results.add(report(r)));
        }
        if (only.contains("P3")) {
            results.add(report(latency.run()));
        }
        Knee knee = null;
        if (only.contains("P3K")) {
            String rates = options.getOrDefault("p3-rates", smoke ? "100,200" : "100,250,500,750,1000,1250,1500");
            knee = new Knee(latency, java.util.Arrays.stream(rates.split(",")).map(Integer::valueOf).toList(),
                    Integer.parseInt(options.getOrDefault("p3-seconds", smoke ? "2" : "15")));
            results.add(report(knee.run()));
        }
        if (only.contains("P4")) {
            new EventQueries(api, scale, db, Path.of("bench/target/p4-plans.txt")).run().forEach(r -> results.add(report(r)));
        }
        if (only.contains("P5")) {
            results.add(report(new Purge(api, scale, db).run()));
        }
        if (only.contains("P6")) {
            results.add(report(new BacklogPause(api, scale, db).run()));
        }
        if (only.contains("P7")) {
            results.add(report(new Autosave(api, scale).run()));
        }
        if (only.contains("P8")) {
            results.add(report(new Sustained(api, scale, db).run()));
        }
        if (only.contains("P9")) {
            new StreamReads(api, scale, db).run().forEach(r -> results.add(report(r)));
        }
        if (only.contains("P11")) {
            results.add(report(new RecoveryLoad(api, scale).run()));
        }
        String context = (smoke ? "**Smoke run** (tiny workloads, CI only: not a measurement)."
                : "P4-P6 load their data straight into PostgreSQL; the load times are in their workload column.")
                + " " + db.commitSettings();
        Results.write(out.resolve("RESULTS.md"), out.resolve("latency.svg"), results, context, latency.samples);
        if (knee != null) {
            java.nio.file.Files.writeString(out.resolve("knee.svg"), knee.chart());
        }
        System.out.println("Wrote " + out.resolve("RESULTS.md"));
    }

    interface Scenario {
        List<Result> run() throws Exception;
    }

    /**
     * Runs the scenario {@code times} times; of each of its rows, the run with the median ratio
     * (its figures and baseline kept together), noting every run's ratio.
     */
    static List<Result> medianOf(int times, Scenario scenario) throws Exception {
        List<List<Result>> runs = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            runs.add(scenario.run());
        }
        if (times == 1) {
            return runs.get(0);
        }
        List<Result> medians = new ArrayList<>();
        for (int row = 0; row < runs.get(0).size(); row++) {
            int r = row;
            List<Result> sorted = runs.stream().map(run -> run.get(r))
                    .sorted(java.util.Comparator.comparingDouble(Bench::ratioOf)).toList();
            Result median = sorted.get(sorted.size() / 2);
            String ratios = runs.stream().map(run -> run.get(r).ratio()).collect(java.util.stream.Collectors.joining(", "));
            String note = "median of " + times + " runs, ratios " + ratios + (median.note().isEmpty() ? "" : "; " + median.note());
            medians.add(new Result(median.scenario(), median.workload(), median.ours(), median.baseline(), median.ratio(),
                    median.target(), median.met(), note));
        }
        return medians;
    }

    private static double ratioOf(Result r) {
        try {
            return Double.parseDouble(r.ratio().replace(",", ""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** {@code --key=value} (or a bare {@code --flag}, "true") as a map. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        return options;
    }

    /**
     * Until the server reports ready (PostgreSQL and JMS up) and the application answers: WildFly's
     * own readiness checks pass before the run command has deployed the WAR. At most 3 minutes, or {@code within}.
     */
    static void awaitReady(String url, Api api) throws InterruptedException {
        awaitReady(url, api, java.time.Duration.ofMinutes(3));
    }

    static void awaitReady(String url, Api api, java.time.Duration within) throws InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200
                        && api.send("GET", "/api/v1/system/metrics/", api.systemToken(), null).status() == 200) {
                    return;
                }
            } catch (java.io.IOException | IllegalStateException notYet) {
                // the server is still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(url + " did not report ready within " + within.toSeconds() + " s");
    }

    private static Result report(Result r) {
        System.out.printf("%-42s %s | baseline %s | ratio %s | target %s: %s %s%n", r.scenario(), r.ours(), r.baseline(),
                r.ratio(), r.target(), r.met() ? "met" : "NOT met", r.note());
        return r;
    }
}
