package dev.eventlog.retention;

import dev.eventlog.platform.time.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
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
 */
@ApplicationScoped
public class PartitionMaintenance {

    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class.getName());
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final String PREFIX = "event_p";

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    RetentionSettings settings;

    public record Result(List<String> created, List<String> dropped) {
    }

    /** Partitions known to exist, so that ingest asks the catalog once per day, not per batch. */
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    /**
     * Makes sure the partitions for these days exist, within the caller's transaction. Normally the
     * timer has made them days ahead; this covers a timer that has not run (a node down for days,
     * a clock moved in a test) so that an accepted event never fails for want of a partition.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void ensure(Set<LocalDate> days) {
        for (LocalDate day : days) {
            if (!known.contains(day)) {
                create(day);
                known.add(day);
            }
        }
    }

    private void create(LocalDate day) {
        em.createNativeQuery("CREATE TABLE IF NOT EXISTS " + PREFIX + SUFFIX.format(day) + " PARTITION OF event "
                + "FOR VALUES FROM ('" + day + "') TO ('" + day.plusDays(1) + "')").executeUpdate();
    }

    @Transactional
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
                em.createNativeQuery("DROP TABLE IF EXISTS " + name).executeUpdate();
                dropped.add(name);
            }
        }
        // Ids of merged updates are kept exactly as long as the events they folded into.
        em.createNativeQuery("DELETE FROM event_merged WHERE date_created < ?1").setParameter(1, firstKept.atStartOfDay())
                .executeUpdate();
        List<String> created = new ArrayList<>();
        for (LocalDate day = firstKept; !day.isAfter(today.plusDays(settings.daysAhead())); day = day.plusDays(1)) {
            String name = PREFIX + SUFFIX.format(day);
            if (!existing.contains(name)) {
                create(day);
                created.add(name);
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
