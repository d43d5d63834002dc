package dev.eventlog.platform.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShutdownGateTest {

    @Test
    void workRunsUntilTheGateClosesAndNotAfter() throws Exception {
        ShutdownGate gate = new ShutdownGate();
        AtomicInteger ran = new AtomicInteger();
        assertTrue(gate.run(ran::incrementAndGet));
        assertTrue(gate.close(Duration.ofSeconds(1)));
        assertFalse(gate.run(ran::incrementAndGet));
        assertEquals(1, ran.get());
    }

    @Test
    void closingWaitsForTheWorkUnderWay() throws Exception {
        ShutdownGate gate = new ShutdownGate();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> work = CompletableFuture.supplyAsync(() -> gate.run(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertFalse(gate.close(Duration.ofMillis(50)), "still running: the close gives up after its wait");
        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.close(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertFalse(closing.isDone());
        release.countDown();
        assertTrue(closing.get(10, TimeUnit.SECONDS), "the close returns once the work has ended");
        assertTrue(work.get(10, TimeUnit.SECONDS));
    }
}
