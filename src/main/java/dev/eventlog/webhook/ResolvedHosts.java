package dev.eventlog.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The addresses of webhook hosts, looked up on a few threads of their own and kept for a short
 * while. Whoever asks gets a future and never waits on DNS on its own thread (a delivery MDB, a
 * timer, the managed executor); it stops waiting after its timeout. A host whose DNS server hangs
 * holds one lookup thread, however many deliveries ask for it meanwhile: they all wait for the one
 * lookup in progress, and are answered in the order they asked. Literal addresses are parsed on
 * the spot.
 *
 * <p>Answers are kept for {@link #KEEP_FOR}: Java's resolver does not tell a record's TTL, and 30 s
 * is what the JVM itself keeps an answer for ({@code networkaddress.cache.ttl}), below this cache.
 * A client that honours TTLs (dnsjava) would bring its own resolver beside the platform's (hosts
 * file, search domains, a company's split DNS), for a few seconds of freshness at most.
 */
public final class ResolvedHosts implements AutoCloseable {

    static final Duration KEEP_FOR = Duration.ofSeconds(30);
    /** A host that does not resolve is asked again after this (the JVM's negative cache keeps 10 s). */
    static final Duration KEEP_FAILURE_FOR = Duration.ofSeconds(5);
    /** A lookup still running after this is not waited for any more: the next caller starts another. */
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(1);
    /** Lookups at once: hung ones each hold a thread until the system resolver gives up. */
    static final int THREADS = 8;
    private static final int PRUNE_ABOVE = 10_000;
    private static final Pattern DOTTED_QUAD = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private final HostResolver resolver;
    private final long keepNanos;
    private final long keepFailureNanos;
    private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor threads;

    /**
     * One lookup of one host: in progress, or answered and fresh until {@code expires}. Callers
     * waiting for it are answered in the order they asked (CompletableFuture would run its
     * dependants last first, and a high-priority delivery that asked first would go out last).
     */
    private static final class Lookup {
        final long started;
        private final Queue<CompletableFuture<List<InetAddress>>> waiting = new ConcurrentLinkedQueue<>();
        private volatile List<InetAddress> addresses;
        private volatile Exception failure;
        private volatile long expires;
        private volatile boolean done;

        Lookup(long started) {
            this.started = started;
        }

        boolean usable(long now) {
            return done ? now - expires < 0 : now - started < GIVE_UP_AFTER.toNanos();
        }

        /** The answer, already there (most calls: no timer, no queue), or to come. */
        CompletableFuture<List<InetAddress>> await(Duration timeout) {
            if (done) {
                return failure != null ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(addresses);
            }
            CompletableFuture<List<InetAddress>> mine = new CompletableFuture<>();
            waiting.add(mine);
            if (done) {
                handOut(); // answered meanwhile, perhaps before this caller was in the queue
            }
            // Each caller times out on its own: the lookup goes on for the next one.
            return mine.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        void answer(List<InetAddress> answer, Exception error, long expiresAt) {
            addresses = answer;
            failure = error;
            expires = expiresAt;
            done = true;
            handOut();
        }

        private void handOut() {
            for (CompletableFuture<List<InetAddress>> next; (next = waiting.poll()) != null; ) {
                if (failure != null) {
                    next.completeExceptionally(failure);
                } else {
                    next.complete(addresses);
                }
            }
        }
    }

    public ResolvedHosts(HostResolver resolver, Duration keepFor, Duration keepFailureFor) {
        this.resolver = resolver;
        this.keepNanos = keepFor.toNanos();
        this.keepFailureNanos = keepFailureFor.toNanos();
        AtomicInteger count = new AtomicInteger();
        threads = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "eventlog-dns-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        threads.allowCoreThreadTimeOut(true);
    }

    public static ResolvedHosts system() {
        return new ResolvedHosts(HostResolver.SYSTEM, KEEP_FOR, KEEP_FAILURE_FOR);
    }

    /**
     * @return the host's addresses; fails with {@link UnknownHostException} when it has none, with
     *     {@link java.util.concurrent.TimeoutException} when no answer came within {@code timeout}
     */
    public CompletableFuture<List<InetAddress>> resolve(String host, Duration timeout) {
        if (isLiteral(host)) {
            try {
                return CompletableFuture.completedFuture(List.of(InetAddress.getByName(host))); // no lookup: parsed
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        String key = host.toLowerCase(Locale.ROOT);
        long now = System.nanoTime();
        Lookup[] started = new Lookup[1];
        Lookup lookup = lookups.compute(key, (k, known) -> known != null && known.usable(now) ? known : (started[0] = new Lookup(now)));
        if (started[0] != null) {
            start(key, started[0]);
        }
        return lookup.await(timeout);
    }

    /** An IPv6 literal in brackets, or a dotted-quad IPv4 address: InetAddress parses both without a lookup. */
    static boolean isLiteral(String host) {
        return host.startsWith("[") || DOTTED_QUAD.matcher(host).matches();
    }

    private void start(String host, Lookup lookup) {
        if (lookups.size() > PRUNE_ABOVE) {
            long now = System.nanoTime();
            lookups.values().removeIf(l -> !l.usable(now));
        }
        try {
            threads.execute(() -> answer(host, lookup));
        } catch (RuntimeException e) { // closed
            lookup.answer(null, e, System.nanoTime());
        }
    }

    private void answer(String host, Lookup lookup) {
        try {
            List<InetAddress> addresses = resolver.lookup(host);
            if (addresses.isEmpty()) {
                throw new UnknownHostException(host);
            }
            lookup.answer(List.copyOf(addresses), null, System.nanoTime() + keepNanos);
        } catch (UnknownHostException | RuntimeException e) {
            lookup.answer(null, e, System.nanoTime() + keepFailureNanos);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
