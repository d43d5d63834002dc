package dev.eventlog.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The lookup cache with a resolver of the test's own: counted, slow or failing on purpose. */
class ResolvedHostsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void looksUpOnItsOwnThreadsAndKeepsTheAnswer() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        AtomicReference<String> thread = new AtomicReference<>();
        try (ResolvedHosts hosts = new ResolvedHosts(host -> {
            lookups.incrementAndGet();
            thread.set(Thread.currentThread().getName());
            return List.of(InetAddress.getByName("192.0.2.1"));
        }, Duration.ofMinutes(1), Duration.ofMinutes(1))) {
            assertEquals(List.of(InetAddress.getByName("192.0.2.1")), hosts.resolve("Hooks.Example.test", TIMEOUT).join());
            assertEquals(List.of(InetAddress.getByName("192.0.2.1")), hosts.resolve("hooks.example.test", TIMEOUT).join());
            assertEquals(1, lookups.get(), "kept, whatever the case of the name");
            assertTrue(thread.get().startsWith("eventlog-dns-"), thread.get());
        }
    }

    @Test
    void anAnswerPastItsTimeIsLookedUpAgain() {
        AtomicInteger lookups = new AtomicInteger();
        try (ResolvedHosts hosts = new ResolvedHosts(host -> {
            lookups.incrementAndGet();
            return List.of(InetAddress.getByName("192.0.2.1"));
        }, Duration.ofMillis(200), Duration.ofMillis(200))) {
            hosts.resolve("a.test", TIMEOUT).join();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                hosts.resolve("a.test", TIMEOUT).join();
                return lookups.get() == 2;
            });
        }
    }

    @Test
    void aNameThatDoesNotResolveIsAskedAgainAfterItsShorterTime() {
        AtomicInteger lookups = new AtomicInteger();
        try (ResolvedHosts hosts = new ResolvedHosts(host -> {
            lookups.incrementAndGet();
            throw new UnknownHostException(host);
        }, Duration.ofMinutes(1), Duration.ofMillis(300))) {
            CompletionException first = assertThrows(CompletionException.class, () -> hosts.resolve("nx.test", TIMEOUT).join());
            assertInstanceOf(UnknownHostException.class, first.getCause());
            assertThrows(CompletionException.class, () -> hosts.resolve("nx.test", TIMEOUT).join());
            assertEquals(1, lookups.get(), "the failure is kept for a while");
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                assertThrows(CompletionException.class, () -> hosts.resolve("nx.test", TIMEOUT).join());
                return lookups.get() == 2;
            });
        }
    }

    @Test
    void eachCallerStopsWaitingAfterItsTimeoutWhileTheLookupGoesOn() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        try (ResolvedHosts hosts = new ResolvedHosts(host -> {
            lookups.incrementAndGet();
            try {
                Thread.sleep(1500); // a slow DNS server
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(InetAddress.getByName("192.0.2.1"));
        }, Duration.ofMinutes(1), Duration.ofMinutes(1))) {
            long started = System.nanoTime();
            CompletionException impatient = assertThrows(CompletionException.class,
                    () -> hosts.resolve("slow.test", Duration.ofMillis(300)).join());
            assertInstanceOf(TimeoutException.class, impatient.getCause());
            assertTrue(System.nanoTime() - started < Duration.ofMillis(1400).toNanos(), "gave up before the answer");
            // A later caller with time to wait gets the answer of the same lookup.
            assertEquals(List.of(InetAddress.getByName("192.0.2.1")), hosts.resolve("slow.test", TIMEOUT).join());
            assertEquals(1, lookups.get());
        }
    }

    @Test
    void callersWaitingForOneLookupAreAnsweredInTheOrderTheyAsked() throws Exception {
        CountDownLatch dnsAnswers = new CountDownLatch(1);
        try (ResolvedHosts hosts = new ResolvedHosts(host -> {
            try {
                dnsAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(InetAddress.getByName("192.0.2.1"));
        }, Duration.ofMinutes(1), Duration.ofMinutes(1))) {
            List<Integer> answered = new CopyOnWriteArrayList<>();
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                all.add(hosts.resolve("busy.test", TIMEOUT).thenRun(() -> answered.add(n)));
            }
            dnsAnswers.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            assertEquals(IntStream.range(0, 50).boxed().toList(), answered, "first asked, first answered");
        }
    }

    @Test
    void literalAddressesAreParsedNotLookedUp() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        try (ResolvedHosts hosts = new ResolvedHosts(host -> {
            lookups.incrementAndGet();
            return List.of(InetAddress.getByName("192.0.2.1"));
        }, Duration.ofMinutes(1), Duration.ofMinutes(1))) {
            assertEquals(List.of(InetAddress.getByName("127.0.0.1")), hosts.resolve("127.0.0.1", TIMEOUT).join());
            assertEquals(List.of(InetAddress.getByName("::1")), hosts.resolve("[::1]", TIMEOUT).join());
            assertEquals(0, lookups.get());
            assertTrue(hosts.resolve("[::1", TIMEOUT).isCompletedExceptionally(), "a broken literal fails, unlooked-up");
            hosts.resolve("127.0.0.256", TIMEOUT).join(); // not an address: a name, for the resolver
            assertEquals(1, lookups.get());
        }
    }
}
