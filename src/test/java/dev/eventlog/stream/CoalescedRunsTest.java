package dev.eventlog.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescedRunsTest {

    /** Runs queued tasks only when told to, so the test decides what happens during a run. */
    private static final class ManualExecutor implements Executor {
        final List<Runnable> queued = new ArrayList<>();

        @Override
        public void execute(Runnable command) {
            queued.add(command);
        }

        void runAll() {
            while (!queued.isEmpty()) {
                queued.remove(0).run();
            }
        }
    }

    @Test
    void requestsDuringARunCostOneMoreRunNotOneEach() {
        ManualExecutor executor = new ManualExecutor();
        AtomicInteger runs = new AtomicInteger();
        CoalescedRuns[] self = new CoalescedRuns[1];
        self[0] = new CoalescedRuns(() -> {
            if (runs.incrementAndGet() == 1) {
                for (int i = 0; i < 5; i++) {
                    self[0].request(executor); // arrive while the first run is under way
                }
            }
        });
        self[0].request(executor);
        assertEquals(1, executor.queued.size());
        executor.runAll();
        assertEquals(2, runs.get(), "one run, then one more for everything asked during it");
        assertTrue(executor.queued.isEmpty(), "no run left queued");
    }

    @Test
    void aRequestAfterTheRunsEndStartsANewOne() {
        ManualExecutor executor = new ManualExecutor();
        AtomicInteger runs = new AtomicInteger();
        CoalescedRuns coalesced = new CoalescedRuns(runs::incrementAndGet);
        coalesced.request(executor);
        coalesced.request(executor);
        assertEquals(1, executor.queued.size(), "the second request joins the queued run");
        executor.runAll();
        assertEquals(1, runs.get(), "both requests were served by one run");
        coalesced.request(executor);
        assertEquals(1, executor.queued.size(), "a request after the run queues a new one");
        executor.runAll();
        assertEquals(2, runs.get());
    }

    @Test
    void stopWaitsForTheRunUnderWayAndNoRunStartsAfterIt() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CoalescedRuns coalesced = new CoalescedRuns(() -> {
            runs.incrementAndGet();
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            coalesced.request(pool);
            started.await();
            coalesced.request(pool); // asked during the run: would run again, but the stop comes first
            assertEquals(false, coalesced.stop(java.time.Duration.ofMillis(50)), "the run under way is still going");
            release.countDown();
            assertTrue(coalesced.stop(java.time.Duration.ofSeconds(10)), "stop returns once the run has ended");
            coalesced.request(pool);
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(1, runs.get(), "nothing ran after the stop, not even the request made during the run");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingRunDoesNotStopLaterOnes() {
        ManualExecutor executor = new ManualExecutor();
        AtomicInteger runs = new AtomicInteger();
        CoalescedRuns coalesced = new CoalescedRuns(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("database down");
        });
        coalesced.request(executor);
        executor.runAll();
        coalesced.request(executor);
        executor.runAll();
        assertEquals(2, runs.get());
    }
}
