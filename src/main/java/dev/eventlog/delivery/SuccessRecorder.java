package dev.eventlog.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import dev.eventlog.platform.time.Timestamps;

/**
 * Records successful attempts in batches (group commit): one transaction writes whatever
 * succeeded while the previous one was being written. Success is the common outcome, and one
 * transaction per delivery was what held fan-out to a few hundred per second.
 *
 * <p>An outcome is held in memory only until its batch commits. If that fails, or the node dies
 * first, the delivery's claim runs out and the retry timer sends it again: at-least-once, as
 * every delivery is (receivers dedupe on the event id).
 */
@ApplicationScoped
public class SuccessRecorder {

    private static final Logger LOG = Logger.getLogger(SuccessRecorder.class.getName());

    /** Per transaction: large enough that the queue drains under load, small enough to commit fast. */
    static final int MAX_BATCH = 500;

    record Success(Backlog.Claimed delivery, AttemptOutcome outcome, LocalDateTime at) {
    }

    @Inject
    DeliverySteps steps;

    @Inject
    Clock clock;

    private final Queue<Success> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    /**
     * Queues the outcome and, unless another thread is writing a batch already, writes batches
     * until nothing is left. A thread that finds the writer busy returns at once: the writer checks
     * the queue again after letting go, so nothing queued is left behind.
     */
    public void succeeded(Backlog.Claimed delivery, AttemptOutcome outcome) {
        pending.add(new Success(delivery, outcome, Timestamps.toUtc(clock.instant())));
        while (!pending.isEmpty() && writing.compareAndSet(false, true)) {
            try {
                List<Success> batch = new ArrayList<>();
                Success next;
                while (batch.size() < MAX_BATCH && (next = pending.poll()) != null) {
                    batch.add(next);
                }
                if (!batch.isEmpty()) {
                    steps.recordSuccesses(batch);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not record a batch of delivered webhooks; their claims run out "
                        + "and they are sent again", e);
            } finally {
                writing.set(false);
            }
        }
    }
}
