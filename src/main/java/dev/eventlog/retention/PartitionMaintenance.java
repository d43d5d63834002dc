package dev.eventlog.retention;

import dev.eventlog.platform.db.AdvisoryLocks;
import dev.eventlog.platform.db.Batches;
import dev.eventlog.platform.db.ShortLocks;
import dev.eventlog.platform.time.Timestamps;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Keeps the event table's daily partitions: creates those an event may land in (the retention
 * window and a few days ahead) and drops whole partitions once every event in them is past the
 * retention. Dropping a partition frees its disk at once, with no DELETE scan and no bloat.
 * Never waits long for a lock (see {@link #maintain()}).
 */
@ApplicationScoped
public class PartitionMaintenance {

    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class.getName());
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final String PREFIX = "event_p";

    /**
     * How long one drop (or create) keeps trying while a reader holds its partition, before it is
     * left to the next hourly run.
     */
    static final Duration PATIENCE = Duration.ofMinutes(10);

    /** Rows of event_merged per DELETE. */
    static final int BATCH = 10_000;

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    RetentionSettings settings;

    @Inject
    ShortLocks locks;

    @Resource
    TransactionSynchronizationRegistry transactions;

    public record Result(List<String> created, List<String> dropped) {
    }

    /**
     * Partitions known to exist (committed), so that ingest asks the catalog once per day, not per
     * batch.
     */
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    /**
     * Makes sure the partitions for these days exist, within the caller's transaction. Normally the
     * timer has made them days ahead; this covers a timer that has not run (a node down for days,
     * a clock moved in a test) so that an accepted event never fails for want of a partition. A
     * day counts as known only once the transaction that made it has committed: one rolled back
     * took its partition with it, and the next batch for that day must make it again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ensure(Set<LocalDate> days) {
        for (LocalDate day : days) {
            if (!known.contains(day)) {
                create(day);
                transactions.registerInterposedSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                    }

                    @Override
                    public void afterCompletion(int status) {
                        if (status == Status.STATUS_COMMITTED) {
                            known.add(day);
                        }
                    }
                });
            }
        }
    }

    /**
     * Under a lock on the day, held to the end of the caller's transaction: IF NOT EXISTS is no
     * guard against another transaction making the same partition at the same moment (another
     * node's ingest or retention run), whose table it does not see before that commits; it then
     * failed with "relation … already exists". The second now waits for the first and finds the
     * table made.
     */
    private void create(LocalDate day) {
        AdvisoryLocks.lock(em, List.of("event partition " + day));
        em.createNativeQuery("CREATE TABLE IF NOT EXISTS " + PREFIX + SUFFIX.format(day) + " PARTITION OF event "
                + "FOR VALUES FROM ('" + day + "') TO ('" + day.plusDays(1) + "')").executeUpdate();
    }

    /**
     * One partition per transaction, each under a short lock timeout and tried again while a
     * reader holds the partition (ShortLocks): a DROP waiting for its ACCESS EXCLUSIVE lock
     * stalled all ingest and API traffic for as long as that reader ran. Ids of merged updates
     * are deleted in bounded batches, each its own transaction.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Result maintain() {
        LocalDate today = Timestamps.toUtc(clock.instant()).toLocalDate();
        // Partition D holds [D, D+1). It is dropped once D+1 <= today - retention, i.e. when even its
        // last microsecond is older than the retention at midnight today.
        LocalDate firstKept = today.minusDays(settings.retentionDays());
        List<String> existing = existingPartitions();

        List<String> dropped = new ArrayList<>();
        for (String name : existing) {
            LocalDate day = LocalDate.parse(name.substring(PREFIX.length()), SUFFIX);
            if (day.isBefore(firstKept)) {
                known.remove(day);
                locks.retrying("dropping " + name, PATIENCE, () -> em.createNativeQuery("DROP TABLE IF EXISTS " + name)
                        .executeUpdate()).ifPresent(done -> dropped.add(name));
            }
        }
        // Ids of merged updates are kept exactly as long as the events they folded into.
        Batches.untilShort(BATCH, () -> locks.retrying("purging merged ids", PATIENCE, () -> em.createNativeQuery(
                        "DELETE FROM event_merged WHERE id = ANY (ARRAY(SELECT id FROM event_merged WHERE date_created < ?1 LIMIT ?2))")
                .setParameter(1, firstKept.atStartOfDay()).setParameter(2, BATCH).executeUpdate()).orElse(0));
        List<String> created = new ArrayList<>();
        for (LocalDate day = firstKept; !day.isAfter(today.plusDays(settings.daysAhead())); day = day.plusDays(1)) {
            String name = PREFIX + SUFFIX.format(day);
            LocalDate partition = day;
            if (!existing.contains(name)) {
                locks.retrying("creating " + name, PATIENCE, () -> {
                    create(partition);
                    return name;
                }).ifPresent(created::add);
            }
        }
        if (!created.isEmpty() || !dropped.isEmpty()) {
            LOG.info(() -> "Event partitions created " + created + ", dropped " + dropped);
        }
        return new Result(created, dropped);
    }

    @SuppressWarnings("unchecked")
    public List<String> existingPartitions() {
        return em.createNativeQuery("SELECT c.relname FROM pg_inherits i "
                        + "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
                        + "WHERE p.relname = 'event' AND c.relname ~ '^event_p[0-9]{8}$' ORDER BY 1")
                .getResultList();
    }
}
