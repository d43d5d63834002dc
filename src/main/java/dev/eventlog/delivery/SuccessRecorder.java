package dev.eventlog.delivery;

import dev.eventlog.platform.db.DataErrors;
import dev.eventlog.platform.time.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records successful attempts in batches (group commit): one transaction writes whatever
 * succeeded while the previous one was being written. Success is the common outcome, and one
 * transaction per delivery was what held fan-out to a few hundred per second.
 *
 * <p>An outcome is held in memory only until its batch commits. If that fails on a transient
 * fault, or the node dies first, the delivery's claim runs out and the retry timer sends it
 * again: at-least-once, as every delivery is (receivers dedupe on the event id). If it fails on
 * bad data, one row PostgreSQL refuses must not send back the whole batch (up to 500 deliveries
 * of every subscription), again at every lease: the batch is written again in halves until
 * the row is found, and that delivery is recorded with placeholder texts, or at least marked
 * delivered, which it was.
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

    private final GroupCommit<Success> batches = new GroupCommit<>(MAX_BATCH, this::write);

    /** Queued and written with the others that succeed meanwhile (GroupCommit). */
    public void succeeded(Backlog.Claimed delivery, AttemptOutcome outcome) {
        batches.add(new Success(delivery, outcome, Timestamps.toUtc(clock.instant())));
    }

    /** Only after a failure does a batch cost more than one transaction. */
    private void write(List<Success> batch) {
        try {
            steps.recordSuccesses(batch);
        } catch (RuntimeException e) {
            if (!DataErrors.isDataError(e)) {
                LOG.log(Level.WARNING, "Could not record a batch of " + batch.size() + " delivered webhooks; their "
                        + "claims run out and they are sent again", e);
            } else if (batch.size() > 1) {
                LOG.log(Level.FINE, "A batch of delivered webhooks holds a row PostgreSQL refuses; writing it in halves", e);
                write(batch.subList(0, batch.size() / 2));
                write(batch.subList(batch.size() / 2, batch.size()));
            } else {
                writeUnstorable(batch.get(0), e);
            }
        }
    }

    private void writeUnstorable(Success success, RuntimeException refused) {
        Backlog.Claimed delivery = success.delivery();
        LOG.log(Level.WARNING, "Delivery " + delivery.id() + " was delivered but its attempt could not be recorded; "
                + "recording it without the receiver's answer", refused);
        try {
            steps.recordSuccesses(List.of(new Success(delivery, success.outcome().withoutTexts(), success.at())));
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record delivery " + delivery.id() + " with placeholders either", e);
        }
        try {
            steps.markDelivered(List.of(success));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not mark delivery " + delivery.id() + " delivered; its claim runs out "
                    + "and it is sent again", e);
        }
    }
}
