package dev.eventlog.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FailureRecorderTest {

    /** Records an outcome unless {@code refuses} holds for it; counts what was asked of it. */
    private static final class Steps extends DeliverySteps {
        final List<AttemptOutcome> recorded = new ArrayList<>();
        final List<AttemptOutcome> retriedLater = new ArrayList<>();
        int tries;
        Predicate<AttemptOutcome> refuses = o -> false;
        RuntimeException failure = new PersistenceException(new SQLException("invalid byte sequence", "22021"));

        /** Runs while the first record is being written (other threads' failures, in real life). */
        Runnable whileFirstIsWritten = () -> { };

        @Override
        public void record(Backlog.Claimed delivery, AttemptOutcome outcome) {
            tries++;
            if (refuses.test(outcome)) {
                throw failure;
            }
            recorded.add(outcome);
            if (tries == 1) {
                whileFirstIsWritten.run();
            }
        }

        int batches;
        boolean batchRefused;

        @Override
        public void recordFailures(List<FailureRecorder.Failure> batch) {
            batches++;
            if (batchRefused) {
                throw failure;
            }
            batch.forEach(f -> recorded.add(f.outcome()));
        }

        @Override
        public void retryLater(Backlog.Claimed delivery, AttemptOutcome outcome) {
            retriedLater.add(outcome);
        }
    }

    private final Steps steps = new Steps();
    private final FailureRecorder recorder = new FailureRecorder();
    private final Backlog.Claimed delivery = new Backlog.Claimed("whdel_1", "whsub_1", "ev_1", 2, null);
    private final AttemptOutcome http500 = new AttemptOutcome(500, 4, "HTTP 500", "oops", Optional.empty());

    FailureRecorderTest() {
        recorder.steps = steps;
    }

    @Test
    void aFailureIsRecordedOnce() {
        recorder.failed(delivery, http500);
        assertEquals(List.of(http500), steps.recorded);
        assertEquals(1, steps.tries);
    }

    @Test
    void onBadDataItIsRecordedWithPlaceholdersForTheReceiversTexts() {
        steps.refuses = o -> o.responseBody().equals("oops");
        recorder.failed(delivery, http500);
        AttemptOutcome recorded = steps.recorded.get(0);
        assertEquals(500, recorded.statusCode());
        assertEquals("HTTP 500", recorded.error());
        assertEquals(AttemptOutcome.UNSTORABLE, recorded.responseBody());
        assertEquals(List.of(), steps.retriedLater);
    }

    @Test
    void whenNothingCanBeRecordedTheNextAttemptStillFollowsTheRetryPolicy() {
        steps.refuses = o -> true;
        recorder.failed(delivery, http500);
        assertEquals(2, steps.tries);
        assertEquals(List.of(http500), steps.retriedLater, "scheduled by the policy, not left to the lease");
    }

    @Test
    void aTransientFaultIsTriedAgainWithTheWholeOutcome() {
        steps.failure = new PersistenceException(new SQLException("deadlock detected", "40P01"));
        steps.refuses = o -> steps.tries == 1;
        recorder.failed(delivery, http500);
        assertEquals(List.of(http500), steps.recorded, "the texts are kept: nothing was wrong with them");
    }

    @Test
    void anErrorTextWithoutAnAnswerGetsAPlaceholderToo() {
        AttemptOutcome tls = AttemptOutcome.notSent("TLS error: \u0000bad");
        assertEquals("TLS error: bad", tls.error(), "made storable when the outcome is made");
        AttemptOutcome placeholders = tls.withoutTexts();
        assertEquals(AttemptOutcome.UNSTORABLE, placeholders.error());
        assertNull(placeholders.responseBody());
    }

    /** What queued while a batch was being written goes in one transaction; a refused batch, one by one. */
    @Test
    void failuresThatQueueWhileABatchIsWrittenGoTogether() {
        AttemptOutcome http503 = new AttemptOutcome(503, 2, "HTTP 503", "", Optional.empty());
        steps.whileFirstIsWritten = () -> {
            recorder.failed(delivery, http503);
            recorder.failed(delivery, http503);
        };
        recorder.failed(delivery, http500);
        assertEquals(List.of(http500, http503, http503), steps.recorded);
        assertEquals(1, steps.tries, "the first alone");
        assertEquals(1, steps.batches, "the two that queued meanwhile in one batch");
    }

    @Test
    void aBatchThatCannotBeRecordedIsRecordedOneByOne() {
        AttemptOutcome http503 = new AttemptOutcome(503, 2, "HTTP 503", "", Optional.empty());
        steps.batchRefused = true;
        steps.whileFirstIsWritten = () -> {
            recorder.failed(delivery, http503);
            recorder.failed(delivery, http503);
        };
        recorder.failed(delivery, http500);
        assertEquals(List.of(http500, http503, http503), steps.recorded, "each recorded on its own");
        assertEquals(1, steps.batches);
        assertEquals(3, steps.tries);
    }
}
