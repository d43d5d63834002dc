package dev.eventlog.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.webhook.AddressGuard;
import dev.eventlog.webhook.HostResolver;
import dev.eventlog.webhook.ResolvedHosts;
import dev.eventlog.webhook.WebhookTargets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sender against real servers on loopback, with a DNS of the test's own: names that rebind,
 * that hang, that resolve to a certificate's host. Only 127.0.0.1 is allow-listed.
 */
class WebhookSenderTest {

    private final List<AutoCloseable> open = new ArrayList<>();
    private final CountDownLatch endOfTest = new CountDownLatch(1);

    @AfterEach
    void closeAll() throws Exception {
        endOfTest.countDown();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        open.add(resource);
        return resource;
    }

    private WebhookSender sender(int timeoutSeconds, HostResolver dns, Duration keepAnswers, SSLContext trustedRoots) {
        ResolvedHosts hosts = closing(new ResolvedHosts(dns, keepAnswers, keepAnswers));
        WebhookSender sender = new WebhookSender();
        sender.settings = new DeliverySettings() {
            @Override
            public Duration timeout() {
                return Duration.ofSeconds(timeoutSeconds);
            }
        };
        sender.settings.maxInFlight = 64;
        sender.clock = Clock.systemUTC();
        sender.targets = WebhookTargets.of(new AddressGuard(List.of("127.0.0.1/32")), hosts, Duration.ofSeconds(timeoutSeconds));
        sender.trustedRoots = trustedRoots;
        sender.init();
        open.add(sender::close);
        return sender;
    }

    private WebhookSender sender(HostResolver dns) {
        return sender(5, dns, Duration.ofSeconds(30), null);
    }

    private static WebhookRequest post(String url, boolean verifySsl) {
        return new WebhookRequest(url, verifySsl, "{\"event\":{}}".getBytes(StandardCharsets.UTF_8),
                List.of(Map.entry("close-sig-timestamp", "1700000000"), Map.entry("close-sig-hash", "abc")), "close 1");
    }

    private static AttemptOutcome outcome(CompletableFuture<AttemptOutcome> attempt) throws Exception {
        return attempt.get(30, TimeUnit.SECONDS);
    }

    private static List<InetAddress> at(String address) throws UnknownHostException {
        return List.of(InetAddress.getByName(address));
    }

    @Test
    void connectsToTheAddressThatWasCheckedNeverToALaterAnswer() throws Exception {
        // The rebinding name: the first answer is the allowed 127.0.0.1, every later one the
        // forbidden 127.0.0.2, where an "internal" service listens on the same port.
        LoopbackServer allowed = closing(LoopbackServer.http("127.0.0.1", 0, LoopbackServer.status(200)));
        LoopbackServer internal = closing(LoopbackServer.http("127.0.0.2", allowed.port(), LoopbackServer.status(200)));
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = host -> at(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "127.0.0.2");
        // Answers are not kept, so each attempt asks again: only the check of an attempt may ask at all.
        WebhookSender sender = sender(5, rebinding, Duration.ZERO, null);
        String url = "http://hooks.rebind.test:" + allowed.port() + "/in";

        AttemptOutcome first = outcome(sender.post(post(url, true)));
        assertEquals(200, first.statusCode(), String.valueOf(first));
        assertEquals(1, lookups.get(), "the check looked up the name, the HTTP client did not look again");
        assertEquals(1, allowed.seen.size());
        assertEquals("hooks.rebind.test:" + allowed.port(), allowed.seen.get(0).host(), "Host header: the URL's name");

        AttemptOutcome second = outcome(sender.post(post(url, true)));
        assertNull(second.statusCode());
        assertEquals("Not sent: " + AddressGuard.REFUSED, second.error());
        assertFalse(second.error().contains("127.0.0.2"), "the refusal does not name the address");
        assertEquals(0, internal.seen.size(), "the rebound address was never connected to");
        assertEquals(1, allowed.seen.size());
    }

    @Test
    void tlsNamesAndChecksTheUrlsHostWhileConnectingToTheCheckedAddress() throws Exception {
        SSLContext[] tls = certificateFor("receiver.test");
        LoopbackServer https = closing(LoopbackServer.https("127.0.0.1", tls[0], LoopbackServer.status(200)));
        WebhookSender sender = sender(5, host -> at("127.0.0.1"), Duration.ofSeconds(30), tls[1]);

        AttemptOutcome verified = outcome(sender.post(post("https://receiver.test:" + https.port() + "/", true)));
        assertEquals(200, verified.statusCode(), String.valueOf(verified));
        assertEquals("receiver.test", https.seen.get(0).serverName(), "SNI: the URL's name, not the address");
        assertEquals("receiver.test:" + https.port(), https.seen.get(0).host(), "Host header: the URL's name");

        // The same address under another name: the certificate does not name it.
        AttemptOutcome mismatch = outcome(sender.post(post("https://other.test:" + https.port() + "/", true)));
        assertNull(mismatch.statusCode());
        assertTrue(mismatch.error().startsWith("TLS error"), mismatch.error());
        assertEquals(1, https.seen.size());

        // verify_ssl=false: neither the chain nor the name is checked.
        AttemptOutcome trusted = outcome(sender.post(post("https://other.test:" + https.port() + "/", false)));
        assertEquals(200, trusted.statusCode(), String.valueOf(trusted));
        assertEquals("other.test", https.seen.get(1).serverName());
    }

    @Test
    void aHangingDnsServerHoldsUpOnlyItsOwnDeliveries() throws Exception {
        LoopbackServer receiver = closing(LoopbackServer.http("127.0.0.1", 0, LoopbackServer.status(200)));
        Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
        HostResolver dns = host -> {
            lookups.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
            if (host.equals("dead.test")) {
                try {
                    endOfTest.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return at("127.0.0.1");
        };
        WebhookSender sender = sender(3, dns, Duration.ofSeconds(30), null);

        long started = System.nanoTime();
        List<CompletableFuture<AttemptOutcome>> hung = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            hung.add(sender.post(post("http://dead.test:" + receiver.port() + "/", true)));
        }
        long postMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(postMillis < 1000, "post() never waits for DNS: " + postMillis + " ms for 10");

        List<CompletableFuture<AttemptOutcome>> alive = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            alive.add(sender.post(post("http://alive.test:" + receiver.port() + "/", true)));
        }
        for (CompletableFuture<AttemptOutcome> attempt : alive) {
            assertEquals(200, outcome(attempt).statusCode());
        }
        assertTrue(hung.stream().noneMatch(CompletableFuture::isDone), "the healthy deliveries did not wait for the hung lookup");
        assertEquals(20, receiver.seen.size());

        for (CompletableFuture<AttemptOutcome> attempt : hung) {
            AttemptOutcome failed = outcome(attempt);
            assertNull(failed.statusCode());
            assertEquals("The host dead.test could not be resolved within 3 s.", failed.error());
        }
        long failedAfter = (System.nanoTime() - started) / 1_000_000;
        assertTrue(failedAfter >= 3000 && failedAfter < 8000, "failed after the 3 s timeout: " + failedAfter + " ms");
        assertEquals(1, lookups.get("dead.test").get(), "ten deliveries, one lookup (and one blocked thread)");
        assertEquals(1, lookups.get("alive.test").get(), "kept for the next deliveries");
    }

    @Test
    void keepsTwentyKilobytesOfAnAnswerAndStopsReading() throws Exception {
        AtomicBoolean cutOff = new AtomicBoolean();
        LoopbackServer flood = closing(LoopbackServer.http("127.0.0.1", 0, exchange -> {
            // 10 MB announced, 64 KB sent, then nothing: reading to the end would wait for the timeout.
            exchange.sendResponseHeaders(500, 10_000_000);
            OutputStream out = exchange.getResponseBody();
            try {
                out.write("y".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int i = 0; i < 100; i++) {
                    Thread.sleep(100);
                    out.write('x');
                    out.flush();
                }
            } catch (IOException e) {
                cutOff.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        WebhookSender sender = sender(host -> at("127.0.0.1"));

        AttemptOutcome outcome = outcome(sender.post(post("http://flood.test:" + flood.port() + "/", true)));
        assertEquals(500, outcome.statusCode());
        assertEquals("HTTP 500", outcome.error());
        assertEquals(WebhookSender.RESPONSE_BYTES_KEPT, outcome.responseBody().length());
        assertTrue(outcome.latencyMillis() < 2000, "did not wait for the rest: " + outcome.latencyMillis() + " ms");
        await().atMost(Duration.ofSeconds(10)).untilTrue(cutOff);
    }

    @Test
    void aReceiverThatDoesNotAnswerTimesOut() throws Exception {
        LoopbackServer silent = closing(LoopbackServer.http("127.0.0.1", 0, exchange -> {
            try {
                endOfTest.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        WebhookSender sender = sender(1, host -> at("127.0.0.1"), Duration.ofSeconds(30), null);

        AttemptOutcome outcome = outcome(sender.post(post("http://silent.test:" + silent.port() + "/", true)));
        assertNull(outcome.statusCode());
        assertEquals("No response within 1 s", outcome.error());
        assertTrue(outcome.latencyMillis() >= 1000 && outcome.latencyMillis() < 4000, outcome.latencyMillis() + " ms");
    }

    @Test
    void reusesTheConnectionAndPassesOnRetryAfter() throws Exception {
        LoopbackServer busy = closing(LoopbackServer.http("127.0.0.1", 0, exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "120");
            LoopbackServer.status(503).answer(exchange);
        }));
        WebhookSender sender = sender(host -> at("127.0.0.1"));

        AttemptOutcome first = outcome(sender.post(post("http://busy.test:" + busy.port() + "/", true)));
        AttemptOutcome second = outcome(sender.post(post("http://busy.test:" + busy.port() + "/", true)));
        assertEquals(503, second.statusCode());
        assertEquals(Duration.ofSeconds(120), first.retryAfter().orElseThrow());
        assertEquals(busy.seen.get(0).clientPort(), busy.seen.get(1).clientPort(), "one connection for both");
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        LoopbackServer elsewhere = closing(LoopbackServer.http("127.0.0.1", 0, LoopbackServer.status(200)));
        LoopbackServer redirecting = closing(LoopbackServer.http("127.0.0.1", 0, exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + elsewhere.port() + "/");
            LoopbackServer.status(302).answer(exchange);
        }));
        WebhookSender sender = sender(host -> at("127.0.0.1"));

        AttemptOutcome outcome = outcome(sender.post(post("http://127.0.0.1:" + redirecting.port() + "/", true)));
        assertEquals(302, outcome.statusCode());
        assertEquals("Redirect (HTTP 302) not followed", outcome.error());
        assertEquals(0, elsewhere.seen.size());
    }

    /** [0] for the server (a fresh self-signed certificate for {@code name}), [1] for a client trusting it. */
    private static SSLContext[] certificateFor(String name) throws Exception {
        Path store = Files.createTempFile("sender-test", ".p12");
        Files.delete(store);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-validity", "2", "-dname", "CN=" + name,
                "-ext", "SAN=dns:" + name, "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool: " + output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        Files.delete(store);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);

        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        roots.setCertificateEntry("receiver", keys.getCertificate("receiver"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(roots);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return new SSLContext[]{server, client};
    }
}
