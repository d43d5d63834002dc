package dev.eventlog.stream;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * When committed changes wait behind a transaction still in progress, no commit signal may come
 * when that transaction ends (it may not write events at all), so the reader looks again soon:
 * after 5 ms, then twice as long each time it is still held, up to the once-a-second tick.
 */
final class HeldBackRecheck {

    private static final long FIRST_MILLIS = 5;
    private static final int MAX_DOUBLINGS = 7; // 640 ms

    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicInteger streak = new AtomicInteger();

    /** After a read: held means look again soon, not held ends the backing off. */
    void after(boolean held, ScheduledExecutorService executor, Runnable wake) {
        if (!held) {
            streak.set(0);
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            long delay = FIRST_MILLIS << Math.min(streak.getAndIncrement(), MAX_DOUBLINGS);
            executor.schedule(() -> {
                scheduled.set(false);
                wake.run();
            }, delay, TimeUnit.MILLISECONDS);
        }
    }
}
