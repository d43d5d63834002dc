package dev.eventlog.retention;

import dev.eventlog.platform.db.Batches;
import dev.eventlog.attempt.AttemptLog;
import dev.eventlog.health.SubscriptionCleanup;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.redelivery.Recoveries;
import dev.eventlog.stream.StreamMarks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.logging.Logger;

/**
 * Everything the retention keeps bounded, in short transactions: the event partitions (and the
 * ids of merged updates), the stream's time marks, finished recoveries, the webhook attempt log past its retention in
 * batches, and whatever a node that died left of a backlog or a deleted subscription. Run hourly
 * and by the operator.
 */
@ApplicationScoped
public class RetentionRun {

    private static final Logger LOG = Logger.getLogger(RetentionRun.class.getName());

    /** Attempts per DELETE: each carries up to 40 KB of text, so batches stay small. */
    static final int ATTEMPT_BATCH = 2_000;

    @Inject
    PartitionMaintenance partitions;

    @Inject
    AttemptLog attempts;

    @Inject
    SubscriptionCleanup cleanup;

    @Inject
    RetentionSettings settings;

    @Inject
    StreamMarks marks;

    @Inject
    Recoveries recoveries;

    @Inject
    Clock clock;

    public record Result(List<String> created, List<String> dropped, long attemptsDeleted) {
    }

    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Result run() {
        PartitionMaintenance.Result events = partitions.maintain();
        Instant cutoff = clock.instant().minus(settings.attemptRetention());
        long deleted = Batches.untilShort(ATTEMPT_BATCH, () -> attempts.purgeBatch(cutoff, ATTEMPT_BATCH));
        if (deleted > 0) {
            LOG.info(() -> "Deleted " + deleted + " webhook attempts made before " + cutoff);
        }
        cleanup.sweep();
        LocalDateTime retained = Timestamps.toUtc(clock.instant().minus(settings.retention()));
        marks.purgeBefore(retained);
        recoveries.purgeFinishedBefore(retained);
        return new Result(events.created(), events.dropped(), deleted);
    }
}
