package dev.eventlog.it;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real webhook receiver on loopback (the JDK's HTTP server): records every request exactly as
 * received and answers as the test tells it to.
 */
public final class Receiver implements AutoCloseable {

    /** One request as it arrived, and when (the real clock, never the tests' movable one). */
    public record Received(Map<String, List<String>> headers, byte[] body, java.time.Instant at) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** What to answer: status, how long to wait first, and the body (null: a small JSON of the status). */
    public record Answer(int status, long delayMillis, Map<String, String> headers, byte[] body) {
        public Answer(int status, long delayMillis, Map<String, String> headers) {
            this(status, delayMillis, headers, null);
        }

        public static Answer status(int status) {
            return new Answer(status, 0, Map.of());
        }

        /** Exactly these bytes, whatever they are. */
        public static Answer body(int status, byte[] body) {
            return new Answer(status, 0, Map.of(), body);
        }
    }

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger answering = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private volatile IntFunction<Answer> answers;

    private Receiver(IntFunction<Answer> answers, SSLContext tls) throws IOException {
        this.answers = answers;
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } else {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body, java.time.Instant.now()));
            Answer answer = this.answers.apply(count.getAndIncrement());
            mostAtOnce.accumulateAndGet(answering.incrementAndGet(), Math::max);
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] reply = answer.body() != null ? answer.body() : ("{\"answer\": " + answer.status() + "}").getBytes();
            try {
                exchange.sendResponseHeaders(answer.status(), reply.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply);
                }
            } finally {
                answering.decrementAndGet();
            }
        });
        server.start();
    }

    /** Answers the n-th request (from 0) with whatever {@code answers} says. */
    public static Receiver answering(IntFunction<Answer> answers) {
        try {
            return new Receiver(answers, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTPS receiver with a fresh self-signed certificate (made with the JDK's keytool). */
    public static Receiver selfSignedHttps() {
        try {
            Path store = Files.createTempFile("receiver", ".p12");
            Files.delete(store);
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "receiver", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                    .redirectErrorStream(true).start();
            if (!keytool.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + new String(keytool.getInputStream().readAllBytes()));
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(store)) {
                keys.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "changeit".toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            Files.delete(store);
            return new Receiver(n -> Answer.status(200), tls);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the HTTPS receiver", e);
        }
    }

    public static Receiver ok() {
        return answering(n -> Answer.status(200));
    }

    public void answer(IntFunction<Answer> answers) {
        this.answers = answers;
    }

    public String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** The most requests this receiver was answering at one time. */
    public int mostAtOnce() {
        return mostAtOnce.get();
    }

    public List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
