package dev.eventlog.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The addresses of webhook hosts, looked up on a few threads of their own and kept for a short
 * while. Whoever asks gets a future and never waits on DNS on its own thread (a delivery MDB, a
 * timer, the managed executor); it stops waiting after its timeout. A host whose DNS server hangs
 * holds one lookup thread, however many deliveries ask for it meanwhile: they all wait for the one
 * lookup in progress.
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

    private final HostResolver resolver;
    private final long keepNanos;
    private final long keepFailureNanos;
    private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor threads;

    /** One lookup of one host: in progress, or answered and fresh until {@code expires}. */
    private static final class Lookup {
        final CompletableFuture<List<InetAddress>> answer = new CompletableFuture<>();
        final long started;
        volatile long expires;

        Lookup(long started) {
            this.started = started;
        }

        boolean usable(long now) {
            return answer.isDone() ? now - expires < 0 : now - started < GIVE_UP_AFTER.toNanos();
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
        String key = host.toLowerCase(Locale.ROOT);
        long now = System.nanoTime();
        Lookup[] started = new Lookup[1];
        Lookup lookup = lookups.compute(key, (k, known) -> known != null && known.usable(now) ? known : (started[0] = new Lookup(now)));
        if (started[0] != null) {
            start(key, started[0]);
        }
        // Each caller times out on a copy of its own: the lookup goes on for the next one.
        return lookup.answer.copy().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void start(String host, Lookup lookup) {
        if (lookups.size() > PRUNE_ABOVE) {
            long now = System.nanoTime();
            lookups.values().removeIf(l -> !l.usable(now));
        }
        try {
            threads.execute(() -> answer(host, lookup));
        } catch (RuntimeException e) { // closed
            lookup.answer.completeExceptionally(e);
        }
    }

    private void answer(String host, Lookup lookup) {
        try {
            List<InetAddress> addresses = resolver.lookup(host);
            if (addresses.isEmpty()) {
                throw new UnknownHostException(host);
            }
            lookup.expires = System.nanoTime() + keepNanos;
            lookup.answer.complete(List.copyOf(addresses));
        } catch (UnknownHostException | RuntimeException e) {
            lookup.expires = System.nanoTime() + keepFailureNanos;
            lookup.answer.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
