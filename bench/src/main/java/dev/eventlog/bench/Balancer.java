package dev.eventlog.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The development cluster's front door (cluster/run.sh): round-robin over the WildFly nodes that
 * report ready, for one URL that curl, producers and the harness use whatever node is up. A node is
 * asked for its readiness every 500 ms; one that refuses the connection is skipped for that request
 * and the next ready node gets it (nothing was sent, so any request may go elsewhere). A request
 * that failed after it was sent is answered 502 and not repeated: whether the node acted on it is
 * unknown, and only the client may decide to send it again.
 *
 * <p>Development only: on real machines an operator's load balancer (HAProxy, nginx, a cloud LB, or
 * WildFly's own mod_cluster) does this with TLS, limits and logs.
 *
 * <pre>
 * --port=8200                              where it listens (127.0.0.1)
 * --nodes=URL=READY_URL,URL=READY_URL,...  each node's base URL and its readiness URL
 * </pre>
 */
public final class Balancer {

    /** Headers the JDK client sets itself or refuses to send, and hop-by-hop ones. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection");

    private record Node(URI base, URI ready) {
    }

    private final List<Node> nodes;
    /** Whether each node answered its last readiness check (1) or not (0); read by every request thread. */
    private final AtomicIntegerArray up;
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    private Balancer(List<Node> nodes) {
        this.nodes = nodes;
        this.up = new AtomicIntegerArray(nodes.size());
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = Bench.options(args);
        List<Node> nodes = Arrays.stream(options.getOrDefault("nodes", "").split(",")).filter(s -> !s.isBlank())
                .map(pair -> pair.split("=", 2))
                .map(pair -> new Node(URI.create(pair[0]), URI.create(pair[1]))).toList();
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("--nodes=URL=READY_URL,... is required");
        }
        new Balancer(nodes).start(Integer.parseInt(options.getOrDefault("port", "8200")));
    }

    private void start(int port) throws IOException {
        ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor();
        checks.scheduleWithFixedDelay(this::checkReadiness, 0, 500, TimeUnit.MILLISECONDS);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        // Long-polls (the stream's wait=30) hold a thread each: a pool that grows with them.
        ExecutorService workers = Executors.newCachedThreadPool();
        server.setExecutor(workers);
        server.createContext("/", this::forward);
        server.start();
        System.out.println("Balancer on http://127.0.0.1:" + port + "/ over " + nodes.stream().map(Node::base).toList());
    }

    private void checkReadiness() {
        for (int i = 0; i < nodes.size(); i++) {
            boolean ready;
            try {
                ready = http.send(HttpRequest.newBuilder(nodes.get(i).ready()).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                ready = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (ready != (up.get(i) == 1)) {
                System.out.println(LocalTime.now() + " " + nodes.get(i).base() + (ready ? " is ready" : " is not ready"));
            }
            up.set(i, ready ? 1 : 0);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int first = Math.floorMod(next.getAndIncrement(), nodes.size());
            for (int k = 0; k < nodes.size(); k++) {
                int i = (first + k) % nodes.size();
                if (up.get(i) == 0) {
                    continue;
                }
                try {
                    relay(exchange, send(nodes.get(i), exchange, body));
                    return;
                } catch (ConnectException | HttpConnectTimeoutException refused) {
                    up.set(i, 0); // nothing was sent: the next node may have it
                } catch (IOException broken) {
                    answer(exchange, 502, "the node failed while answering: " + broken);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    answer(exchange, 503, "balancer stopping");
                    return;
                }
            }
            answer(exchange, 503, "no node is ready");
        }
    }

    private HttpResponse<InputStream> send(Node node, HttpExchange exchange, byte[] body)
            throws IOException, InterruptedException {
        URI uri = node.base().resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static void relay(HttpExchange exchange, HttpResponse<InputStream> response) throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readAllBytes();
        }
        exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String message) throws IOException {
        byte[] json = ("{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "'") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }
}
