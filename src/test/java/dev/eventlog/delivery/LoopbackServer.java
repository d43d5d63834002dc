package dev.eventlog.delivery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;

/** A real HTTP(S) server on a loopback address, recording who connected how, answering as told. */
final class LoopbackServer implements AutoCloseable {

    /** One request: the Host header, the TLS server name asked for (null without TLS or SNI), the client's port. */
    record Seen(String host, String serverName, int clientPort, byte[] body) {
    }

    @FunctionalInterface
    interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    private LoopbackServer(HttpServer server, Answer answer) {
        this.server = server;
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            String serverName = null;
            if (exchange instanceof HttpsExchange tls && tls.getSSLSession() instanceof ExtendedSSLSession session) {
                serverName = session.getRequestedServerNames().stream().filter(SNIHostName.class::isInstance)
                        .map(n -> ((SNIHostName) n).getAsciiName()).findFirst().orElse(null);
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestHeaders().getFirst("Host"), serverName,
                    exchange.getRemoteAddress().getPort(), body));
            try {
                answer.answer(exchange);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    static LoopbackServer http(String address, int port, Answer answer) throws IOException {
        return new LoopbackServer(HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 50), answer);
    }

    static LoopbackServer https(String address, SSLContext tls, Answer answer) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 50);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new LoopbackServer(server, answer);
    }

    static Answer status(int status) {
        return exchange -> {
            byte[] reply = ("{\"answer\": " + status + "}").getBytes();
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
        };
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
