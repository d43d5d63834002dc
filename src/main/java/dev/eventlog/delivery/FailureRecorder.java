package dev.eventlog.delivery;

import dev.eventlog.platform.db.DataErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records failed attempts and makes sure that the next try of a delivery follows the retry policy
 * whatever goes wrong recording this one. Left to the claim's lease instead, a delivery whose
 * attempt PostgreSQL refused came back every 30 s, for ever, with nothing in the log.
 *
 * <p>Failures come in batches (group commit, as SuccessRecorder does for successes): a receiver
 * that goes down fails every delivery of its subscriptions, and one transaction each kept the
 * server's four managed threads writing them while the healthy subscriptions' first attempts and
 * answers waited in the same queue (P8 in bench/README.md). A batch that fails is recorded again one
 * failure at a time, each with the fallbacks below.
 */
@ApplicationScoped
public class FailureRecorder {

    private static final Logger LOG = Logger.getLogger(FailureRecorder.class.getName());

    /** Per transaction, as for successes. */
    static final int MAX_BATCH = 500;

    record Failure(Backlog.Claimed delivery, AttemptOutcome outcome) {
    }

    @Inject
    DeliverySteps steps;

    private final GroupCommit<Failure> batches = new GroupCommit<>(MAX_BATCH, this::write);

    /** Queued and written with the others that fail meanwhile (GroupCommit). Never throws. */
    public void failed(Backlog.Claimed delivery, AttemptOutcome outcome) {
        batches.add(new Failure(delivery, outcome));
    }

    private void write(List<Failure> batch) {
        if (batch.size() > 1) {
            try {
                steps.recordFailures(batch);
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "A batch of " + batch.size() + " failed attempts could not be recorded together; "
                        + "recording them one by one", e);
            }
        }
        batch.forEach(f -> recordAlone(f.delivery(), f.outcome()));
    }

    /**
     * Records the attempt and schedules the next. Should that fail, it is tried once more, on bad
     * data with placeholders for the texts that came from outside; should that fail too, only the
     * next attempt is scheduled.
     */
    private void recordAlone(Backlog.Claimed delivery, AttemptOutcome outcome) {
        RuntimeException refused;
        try {
            steps.record(delivery, outcome);
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the attempt of delivery " + delivery.id(), e);
            refused = e;
        }
        try {
            steps.record(delivery, DataErrors.isDataError(refused) ? outcome.withoutTexts() : outcome);
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the attempt of delivery " + delivery.id() + " on a second try", e);
        }
        try {
            steps.retryLater(delivery, outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not schedule the next attempt of delivery " + delivery.id()
                    + "; its claim runs out and it is tried again", e);
        }
    }
}
