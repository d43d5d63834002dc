package dev.eventlog.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook receiver on loopback that answers at once (200, or the status it is made with: 503 plays
 * a receiver that is down) and notes, per event id, when its first
 * delivery arrived (System.nanoTime) and how many deliveries came (at-least-once: the crash tests
 * count duplicates), and how many requests came in all.
 */
final class Receiver implements AutoCloseable {

    private static final byte[] OK = "{}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    private final Map<String, Long> firstSuccess = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deliveries = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong atOnce = new AtomicLong();
    private final AtomicLong mostAtOnce = new AtomicLong();
    private volatile long lastArrival;
    private volatile int status;

    Receiver() throws IOException {
        this(200);
    }

    Receiver(int status) throws IOException {
        this(status, 0);
    }

    /** Answers {@code status} after {@code thinkMillis}: a slow receiver, whose requests overlap. */
    Receiver(int status, long thinkMillis) throws IOException {
        this.status = status;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            long at = System.nanoTime();
            mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = eventId(body);
            int answer = this.status;
            if (id != null) {
                firstArrival.putIfAbsent(id, at);
                if (answer < 300) {
                    firstSuccess.putIfAbsent(id, at);
                }
                deliveries.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
            }
            requests.incrementAndGet();
            lastArrival = at;
            if (thinkMillis > 0) {
                try {
                    Thread.sleep(thinkMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            atOnce.decrementAndGet();
            exchange.sendResponseHeaders(answer, OK.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(OK);
            }
        });
        server.start();
    }

    /** Webhook bodies are {"event": {"id": "ev_…", …}, …}: the first "id" is the event's. */
    static String eventId(String body) {
        int at = body.indexOf("\"id\":\"");
        if (at < 0) {
            return null;
        }
        int start = at + 6;
        int end = body.indexOf('"', start);
        return end < 0 ? null : body.substring(start, end);
    }

    /** From now on answers {@code newStatus}: 503 plays a receiver that went down, 200 one that is back. */
    void answer(int newStatus) {
        status = newStatus;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    long requests() {
        return requests.get();
    }

    long lastArrivalNanos() {
        return lastArrival;
    }

    /** The most requests it has had in hand at one time. */
    long mostAtOnce() {
        return mostAtOnce.get();
    }

    Long arrivalOf(String eventId) {
        return firstArrival.get(eventId);
    }

    /** When the event first arrived and was answered with a success (null: not yet). */
    Long successOf(String eventId) {
        return firstSuccess.get(eventId);
    }

    /** How many times the event was delivered (0: never). */
    long deliveriesOf(String eventId) {
        AtomicLong count = deliveries.get(eventId);
        return count == null ? 0 : count.get();
    }

    void reset() {
        firstArrival.clear();
        firstSuccess.clear();
        deliveries.clear();
        requests.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
