package dev.eventlog.stream;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a task on an executor whenever {@link #request} is called, at most one run at a time:
 * requests that arrive during a run make one more run after it, never one each. A commit, a tick
 * and a recheck arriving together cost one read, and a request is never lost between the end of a
 * run and the next one.
 *
 * <p>{@link #stop} is for the application's shutdown. The executor is the server's, not the
 * application's: a run still under way when the application's contexts go leaves its transaction
 * open on the pooled thread (its interceptor can no longer reach the transaction manager), holding
 * its locks on the event table until the transaction timeout (seen in the test suite: every
 * undeploy during a feed run stalled DDL on event for five minutes). So the owner stops its runs,
 * and waits for the one under way, before the contexts are destroyed.
 */
final class CoalescedRuns {

    private final AtomicInteger requests = new AtomicInteger();
    private final ReentrantLock running = new ReentrantLock();
    private final Runnable task;
    private volatile boolean stopped;

    CoalescedRuns(Runnable task) {
        this.task = task;
    }

    void request(Executor executor) {
        if (!stopped && requests.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    boolean isStopped() {
        return stopped;
    }

    /** No run starts after this; waits up to {@code timeout} for the one under way. False if it did not end. */
    boolean stop(Duration timeout) throws InterruptedException {
        stopped = true;
        if (running.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            running.unlock();
            return true;
        }
        return false;
    }

    private void drain() {
        running.lock();
        try {
            int seen;
            do {
                seen = requests.get();
                if (!stopped) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        // The task logs its own failures; the next request runs it again.
                    }
                }
            } while (requests.addAndGet(-seen) != 0);
        } finally {
            running.unlock();
        }
    }
}
