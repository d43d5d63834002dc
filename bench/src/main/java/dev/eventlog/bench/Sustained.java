package dev.eventlog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P8 (issue 17): sustained mixed load. Events at a steady rate over many organizations, 30 %
 * created objects and 70 % updates in bursts of {@link #BURST} to one object (which consolidation
 * folds into one event each), every organization with three subscriptions, to receivers A, B and
 * C. C answers 503 for the middle 3/10 of the run, then 200 again. Measured: the latency from emit to
 * webhook of created events at the healthy receivers (A and B) before, during and after the
 * outage; how long after its recovery C has every created event of the outage; the server's heap
 * and CPU; PostgreSQL's growth per million events stored.
 */
final class Sustained {

    static final String TYPE = "bench.p8";
    static final int BURST = 5;
    private static final double MIB = 1024 * 1024;

    private final Api api;
    private final Scale scale;
    private final Db db;

    Sustained(Api api, Scale scale, Db db) {
        this.api = api;
        this.scale = scale;
        this.db = db;
    }

    /** An organization's state in the generator: the object its current burst of updates is about. */
    private static final class Org {
        final String id;
        String lastCreated;
        String burstObject;
        int burstLeft;

        Org(String id) {
            this.id = id;
        }
    }

    private enum Phase { WARM_UP, BEFORE, DURING, AFTER }

    Result run() throws Exception {
        // -Dbench.p8.seconds, .rate and .organizations: a shorter or lighter P8, to find where it falls behind.
        int seconds = Integer.getInteger("bench.p8.seconds", scale.sustainedSeconds());
        int rate = Integer.getInteger("bench.p8.rate", scale.sustainedRate());
        int organizations = Integer.getInteger("bench.p8.organizations", scale.sustainedOrganizations());
        long outageFrom = seconds * 350L;  // ms: the middle 3/10 of the run
        long outageTo = seconds * 650L;
        long warmUp = Math.min(30_000, seconds * 100L);
        Optional<ServerHeap> heap = ServerHeap.of(api.base());
        try (Receiver a = new Receiver(); Receiver b = new Receiver(); Receiver c = new Receiver()) {
            String ingestKey = api.newIngestKey();
            List<Org> orgs = new ArrayList<>();
            List<String> downSubscriptions = new ArrayList<>();
            for (int i = 0; i < organizations; i++) {
                String[] tenant = api.newTenant("bench P8 " + i);
                orgs.add(new Org(tenant[0]));
                api.subscribe(tenant[1], a.url(), TYPE, "created", "updated");
                api.subscribe(tenant[1], b.url(), TYPE, "created", "updated");
                downSubscriptions.add(api.subscribe(tenant[1], c.url(), TYPE, "created", "updated"));
            }
            double heapBefore = heap.isPresent() ? heap.get().liveAfterFullGc() : Double.NaN;
            long dbBefore = db.number("SELECT pg_database_size(current_database())");
            long storedBefore = api.stored();
            long cpuBefore = heap.map(h -> cpuTicks(h.pid())).orElse(0L);

            Map<String, Long> createdAt = new ConcurrentHashMap<>();
            Map<String, Phase> phaseOf = new ConcurrentHashMap<>();
            AtomicLong peakHeap = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            Random random = new Random(8);
            int perTick = Math.max(1, rate / 100);
            int ticks = seconds * 100;
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            ExecutorService senders = Executors.newFixedThreadPool(16);
            long start = System.nanoTime();
            heap.ifPresent(h -> sampler.scheduleAtFixedRate(() -> {
                try {
                    peakHeap.accumulateAndGet(Math.round(h.usedAfterGc()), Math::max);
                } catch (IOException | InterruptedException e) {
                    // a missed sample
                }
            }, 1, 5, TimeUnit.SECONDS));
            clock.schedule(() -> c.answer(503), outageFrom, TimeUnit.MILLISECONDS);
            clock.schedule(() -> c.answer(200), outageTo, TimeUnit.MILLISECONDS);
            int[] next = {0};
            for (int t = 0; t < ticks; t++) {
                long offset = t * 10L;
                Phase phase = offset < warmUp ? Phase.WARM_UP : offset < outageFrom ? Phase.BEFORE
                        : offset < outageTo ? Phase.DURING : Phase.AFTER;
                clock.schedule(() -> {
                    List<String> events = new ArrayList<>();
                    List<String> created = new ArrayList<>();
                    for (int i = 0; i < perTick; i++) {
                        Org org = orgs.get(next[0]++ % orgs.size());
                        String id = Payloads.newId();
                        if (org.lastCreated == null || random.nextInt(100) < 30) {
                            org.lastCreated = "oppo_p8_" + id.substring(3);
                            events.add(Payloads.event(id, org.id, TYPE, org.lastCreated, "created"));
                            created.add(id);
                        } else {
                            if (org.burstLeft == 0) {
                                org.burstObject = org.lastCreated;
                                org.burstLeft = BURST;
                            }
                            org.burstLeft--;
                            events.add(Payloads.event(id, org.id, TYPE, org.burstObject, "updated"));
                        }
                    }
                    senders.submit(() -> {
                        long at = System.nanoTime();
                        created.forEach(id -> {
                            createdAt.put(id, at);
                            phaseOf.put(id, phase);
                        });
                        try {
                            api.ingest(ingestKey, Payloads.batch(events));
                        } catch (RuntimeException e) {
                            refused.incrementAndGet();
                            created.forEach(createdAt::remove);
                        }
                    });
                }, offset, TimeUnit.MILLISECONDS);
            }
            clock.shutdown();
            clock.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
            senders.shutdown();
            senders.awaitTermination(60, TimeUnit.SECONDS);
            long loadEnded = System.nanoTime();
            long cpuLoad = heap.map(h -> cpuTicks(h.pid())).orElse(0L) - cpuBefore;

            // C's backlog: every created event of the outage, received once C answers again.
            List<String> ofOutage = phaseOf.entrySet().stream().filter(e -> e.getValue() == Phase.DURING)
                    .map(Map.Entry::getKey).filter(createdAt::containsKey).toList();
            long deadline = System.nanoTime() + scale.drainDeadline().toNanos();
            while (System.nanoTime() < deadline && !(all(a, createdAt.keySet()) && all(b, createdAt.keySet())
                    && all(c, ofOutage))) {
                Thread.sleep(500);
            }
            long cDrained = ofOutage.stream().mapToLong(id -> c.successOf(id) == null ? Long.MAX_VALUE : c.successOf(id))
                    .max().orElse(start);
            sampler.shutdownNow();
            double heapAfter = heap.isPresent() ? heap.get().liveAfterFullGc() : Double.NaN;
            long dbAfter = db.number("SELECT pg_database_size(current_database())");
            long stored = api.stored() - storedBefore;
            long pendingForC = db.number("SELECT count(*) FROM webhook_delivery WHERE status = 'pending' "
                    + "AND subscription_id = ANY (string_to_array(?, ','))", String.join(",", downSubscriptions));

            Map<Phase, double[]> healthy = new java.util.EnumMap<>(Phase.class);
            for (Phase phase : Phase.values()) {
                List<Double> samples = new ArrayList<>();
                createdAt.forEach((id, at) -> {
                    if (phaseOf.get(id) == phase) {
                        for (Receiver r : List.of(a, b)) {
                            Long arrival = r.successOf(id);
                            if (arrival != null) {
                                samples.add((arrival - at) / 1e6);
                            }
                        }
                    }
                });
                healthy.put(phase, Stats.sorted(samples.stream().mapToDouble(Double::doubleValue).toArray()));
            }
            long missingHealthy = createdAt.keySet().stream().filter(id -> a.successOf(id) == null || b.successOf(id) == null).count();
            long missingC = ofOutage.stream().filter(id -> c.successOf(id) == null).count();
            dumpIfAsked(createdAt, phaseOf, a, b, c, start);

            double p99Before = Stats.percentile(healthy.get(Phase.BEFORE), 99);
            double p99During = Stats.percentile(healthy.get(Phase.DURING), 99);
            double cpuPercent = 100.0 * cpuLoad / 100.0 / ((loadEnded - start) / 1e9);
            double growthPerMillion = stored == 0 ? Double.NaN : (dbAfter - dbBefore) / MIB / stored * 1_000_000;
            double drainSeconds = cDrained == Long.MAX_VALUE ? Double.NaN : (cDrained - start - outageTo * 1_000_000L) / 1e9;
            boolean heapFlat = !(heapAfter > heapBefore + 64);
            boolean met = missingHealthy == 0 && missingC == 0 && p99During <= 1.2 * p99Before && heapFlat;
            return new Result("P8 sustained mixed load",
                    String.format("%,d events/s for %d s over %,d organizations (30 %% created, 70 %% updates in bursts of %d), "
                                    + "3 subscriptions each (receivers A, B, C); C answers 503 from %d s to %d s; created "
                                    + "events measured at A and B after %d s of warm-up", rate, seconds, orgs.size(), BURST,
                            outageFrom / 1000, outageTo / 1000, warmUp / 1000),
                    String.format("healthy p50 / p99: before %s / %s, during %s / %s, after %s / %s ms; C had the outage's "
                                    + "%,d created events %s s after it recovered; heap after full GC %s → %s MiB (peak %,d); "
                                    + "server CPU %.0f %% of a core; PostgreSQL +%s MiB per million events (%,d stored)",
                            ms(healthy.get(Phase.BEFORE), 50), ms(healthy.get(Phase.BEFORE), 99),
                            ms(healthy.get(Phase.DURING), 50), ms(healthy.get(Phase.DURING), 99),
                            ms(healthy.get(Phase.AFTER), 50), ms(healthy.get(Phase.AFTER), 99),
                            ofOutage.size(), Result.num(drainSeconds), Result.num(heapBefore), Result.num(heapAfter),
                            peakHeap.get(), cpuPercent, Result.num(growthPerMillion), stored),
                    "—", "—", "healthy p99 during the outage ≤ 1.2 × before; heap flat (after ≤ before + 64 MiB)", met,
                    (missingHealthy + missingC + refused.get() + pendingForC) == 0 ? ""
                            : String.format("%,d created events missing at A or B, %,d of the outage's missing at C, "
                                    + "%,d requests refused, %,d deliveries to C still pending", missingHealthy, missingC,
                                    refused.get(), pendingForC));
        }
    }

    private static String ms(double[] sorted, double percentile) {
        return sorted.length == 0 ? "—" : Result.num(Stats.percentile(sorted, percentile));
    }

    private static boolean all(Receiver receiver, java.util.Collection<String> ids) {
        return ids.stream().allMatch(id -> receiver.successOf(id) != null);
    }

    /** utime + stime of the process, in clock ticks (1/100 s on Linux). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** With -Dbench.p8.dump=FILE: each created event's emit time (ms from start), phase and latency at A, B, C. */
    private static void dumpIfAsked(Map<String, Long> createdAt, Map<String, Phase> phaseOf, Receiver a, Receiver b,
                                    Receiver c, long start) throws IOException {
        String file = System.getProperty("bench.p8.dump");
        if (file == null) {
            return;
        }
        StringBuilder out = new StringBuilder("emit_ms\tphase\ta_ms\tb_ms\tc_ms\n");
        createdAt.forEach((id, at) -> {
            out.append((at - start) / 1_000_000).append('\t').append(phaseOf.get(id));
            for (Receiver r : List.of(a, b, c)) {
                Long arrival = r.successOf(id);
                out.append('\t').append(arrival == null ? "" : String.valueOf((arrival - at) / 1e6));
            }
            out.append('\n');
        });
        Files.writeString(Path.of(file), out);
    }
}
