package dev.eventlog.stream;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a task on an executor whenever {@link #request()} is called, at most one run at a time:
 * requests that arrive during a run make one more run after it, never one each. A commit, a tick
 * and a recheck arriving together cost one read, and a request is never lost between the end of a
 * run and the next one.
 */
final class CoalescedRuns {

    private final AtomicInteger requests = new AtomicInteger();
    private final Runnable task;

    CoalescedRuns(Runnable task) {
        this.task = task;
    }

    void request(Executor executor) {
        if (requests.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        int seen;
        do {
            seen = requests.get();
            try {
                task.run();
            } catch (RuntimeException e) {
                // The task logs its own failures; the next request runs it again.
            }
        } while (requests.addAndGet(-seen) != 0);
    }
}
