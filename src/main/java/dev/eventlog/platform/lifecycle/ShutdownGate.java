package dev.eventlog.platform.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Lets work that runs on the server's managed executors (webhook answers, cleanups) finish before
 * the application's contexts go, and keeps new work from starting after that.
 *
 * <p>Those executors are the server's, not the application's. A task still running when the
 * application is undeployed or the server stops loses its transaction manager with the contexts
 * (WELD-000229), and its transaction stays open on the pooled thread until the transaction timeout
 * (5 minutes), holding its locks and, while it has an id, the stream's horizon (package stream): in
 * the test suite one undeploy during a webhook's answer held every stream reader for 5 minutes. Work
 * refused here is not lost: a delivery's claim runs out and the retry timer takes it up, a cleanup
 * is swept again by the retention run.
 */
@ApplicationScoped
public class ShutdownGate {

    private static final Logger LOG = Logger.getLogger(ShutdownGate.class.getName());
    static final Duration DRAIN = Duration.ofSeconds(10);

    private final Object lock = new Object();
    private int running;
    private boolean closed;

    /** Runs {@code work} unless the application is shutting down; false if it did not run. */
    public boolean run(Runnable work) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            running++;
        }
        try {
            work.run();
            return true;
        } finally {
            synchronized (lock) {
                running--;
                lock.notifyAll();
            }
        }
    }

    void close(@Observes @BeforeDestroyed(ApplicationScoped.class) Object application) throws InterruptedException {
        close(DRAIN);
    }

    /** No work starts after this; waits up to {@code drain} for what is running. False if some still runs. */
    boolean close(Duration drain) throws InterruptedException {
        long deadline = System.nanoTime() + drain.toNanos();
        synchronized (lock) {
            closed = true;
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warning(running + " task(s) still running " + drain + " after the application began to stop");
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
