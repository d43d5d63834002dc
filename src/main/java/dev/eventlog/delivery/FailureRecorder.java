package dev.eventlog.delivery;

import dev.eventlog.platform.db.DataErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records failed attempts (one transaction each, DeliverySteps.record) and makes sure that the next
 * try of a delivery follows the retry policy whatever goes wrong recording this one. Left to the
 * claim's lease instead, a delivery whose attempt PostgreSQL refused came back every 30 s, for ever,
 * with nothing in the log.
 */
@ApplicationScoped
public class FailureRecorder {

    private static final Logger LOG = Logger.getLogger(FailureRecorder.class.getName());

    @Inject
    DeliverySteps steps;

    /**
     * Records the attempt and schedules the next. Should that fail, it is tried once more, on bad
     * data with placeholders for the texts that came from outside; should that fail too, only the
     * next attempt is scheduled. Never throws.
     */
    public void failed(Backlog.Claimed delivery, AttemptOutcome outcome) {
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
