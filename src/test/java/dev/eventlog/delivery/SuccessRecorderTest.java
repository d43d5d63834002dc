package dev.eventlog.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SuccessRecorderTest {

    /** Commits a batch unless {@code refuses} holds for one of its members, as PostgreSQL would: all or nothing. */
    private static final class Steps extends DeliverySteps {
        final List<String> recorded = new ArrayList<>();
        final List<String> markedOnly = new ArrayList<>();
        final List<AttemptOutcome> outcomes = new ArrayList<>();
        int transactions;
        Predicate<SuccessRecorder.Success> refuses = s -> false;
        RuntimeException failure = dataError();
        Runnable duringFirstWrite = () -> { };

        @Override
        public void recordSuccesses(List<SuccessRecorder.Success> batch) {
            if (transactions++ == 0) {
                duringFirstWrite.run();
            }
            if (batch.stream().anyMatch(refuses)) {
                throw failure;
            }
            batch.forEach(s -> {
                recorded.add(s.delivery().id());
                outcomes.add(s.outcome());
            });
        }

        @Override
        public void markDelivered(List<SuccessRecorder.Success> batch) {
            transactions++;
            batch.forEach(s -> markedOnly.add(s.delivery().id()));
        }
    }

    private static RuntimeException dataError() {
        return new PersistenceException("could not execute batch",
                new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
    }

    private final Steps steps = new Steps();
    private final SuccessRecorder recorder = new SuccessRecorder();

    SuccessRecorderTest() {
        recorder.steps = steps;
        recorder.clock = Clock.systemUTC();
    }

    private static Backlog.Claimed delivery(String id) {
        return new Backlog.Claimed(id, "whsub_1", "ev_" + id, 0, null);
    }

    private static AttemptOutcome ok(String body) {
        return new AttemptOutcome(200, 3, null, body, Optional.empty());
    }

    /**
     * A first success, and the rest arriving while it is written (as other threads' answers do):
     * they find the writer busy and queue up, and the writer takes them all in its next batch.
     */
    private void succeedAll(List<String> ids, String body) {
        steps.duringFirstWrite = () -> ids.subList(1, ids.size()).forEach(id -> recorder.succeeded(delivery(id), ok(body)));
        recorder.succeeded(delivery(ids.get(0)), ok(body));
    }

    private static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("whdel_%03d", i)).toList();
    }

    @Test
    void healthyBatchesAreOneTransactionEach() {
        succeedAll(ids(101), "fine");
        assertEquals(2, steps.transactions, "the first alone, then the 100 that came meanwhile");
        assertEquals(101, steps.recorded.size());
    }

    @Test
    void oneRefusedRowDoesNotSinkItsBatch() {
        steps.refuses = s -> s.delivery().id().equals("whdel_037") && !AttemptOutcome.UNSTORABLE.equals(s.outcome().responseBody());
        List<String> all = ids(501);
        succeedAll(all, "fine");

        assertEquals(501, steps.recorded.size(), "every delivery recorded, the refused one too");
        assertEquals(new TreeSet<>(all), new TreeSet<>(steps.recorded));
        int bad = steps.recorded.indexOf("whdel_037");
        assertEquals(AttemptOutcome.UNSTORABLE, steps.outcomes.get(bad).responseBody(), "with a placeholder for its answer");
        assertEquals(200, steps.outcomes.get(bad).statusCode());
        // The first alone, the refused 500, two halves at each of 9 levels down to one, its placeholder: 21, not 500.
        assertTrue(steps.transactions <= 1 + 1 + 2 * 9 + 1, steps.transactions + " transactions");
    }

    @Test
    void aDeliveryThatCannotBeLoggedAtAllIsStillMarkedDelivered() {
        steps.refuses = s -> s.delivery().id().equals("whdel_003");
        succeedAll(ids(9), "fine");
        assertEquals(8, steps.recorded.size());
        assertEquals(List.of("whdel_003"), steps.markedOnly, "delivered, so never sent again");
    }

    @Test
    void aTransientFaultIsNotTakenApart() {
        steps.refuses = s -> true;
        steps.failure = new PersistenceException(new SQLException("An I/O error occurred", "08006"));
        succeedAll(ids(51), "fine");
        assertEquals(2, steps.transactions, "left to the claims' leases, as before: a second try may well work");
        assertTrue(steps.recorded.isEmpty() && steps.markedOnly.isEmpty());
    }
}
