package dev.eventlog.dispatch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dispatch_owed table (V5): the database's own record of the delayed dispatches it owes, so
 * that a dispatch message lost between the database's commit and the broker's still goes out
 * (DispatchSweep). Written with the events, deleted by the dispatch that sends them.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class OwedDispatches {

    @PersistenceContext
    EntityManager em;

    /** Records the events' dispatches as owed, in one statement for the whole batch (ingest's hot path). */
    public void record(Map<String, LocalDateTime> dueByEventId) {
        if (dueByEventId.isEmpty()) {
            return;
        }
        em.createNativeQuery("INSERT INTO dispatch_owed (event_id, due_at) SELECT n.id, CAST(n.due AS timestamp) "
                        + "FROM unnest(string_to_array(CAST(?1 AS text), ','), string_to_array(CAST(?2 AS text), ',')) "
                        + "AS n (id, due) ON CONFLICT (event_id) DO NOTHING")
                .setParameter(1, String.join(",", dueByEventId.keySet()))
                .setParameter(2, dueByEventId.values().stream().map(LocalDateTime::toString).collect(Collectors.joining(",")))
                .executeUpdate();
    }

    /** The dispatch of these events is being done in the caller's transaction: nothing is owed any more. */
    public void settle(Collection<String> eventIds) {
        em.createNativeQuery("DELETE FROM dispatch_owed "
                        + "WHERE event_id = ANY (string_to_array(CAST(?1 AS text), ',') COLLATE \"C\")")
                .setParameter(1, String.join(",", eventIds))
                .executeUpdate();
    }

    /** The same on its own, for an event whose dispatch was given up (it cannot be read or processed). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void forget(String eventId) {
        settle(List.of(eventId));
    }

    /**
     * Up to {@code limit} dispatches due before {@code dueBefore}, oldest first, locked for the
     * caller's transaction; rows another node is sweeping are skipped, not waited for.
     */
    public List<String> claimOverdue(LocalDateTime dueBefore, int limit) {
        return overdue(dueBefore, limit, " FOR UPDATE SKIP LOCKED");
    }

    /** The same without locks, in a transaction of its own: for the careful retry of a batch that failed. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<String> overdue(LocalDateTime dueBefore, int limit) {
        return overdue(dueBefore, limit, "");
    }

    @SuppressWarnings("unchecked") // a single text column
    private List<String> overdue(LocalDateTime dueBefore, int limit, String locking) {
        return em.createNativeQuery("SELECT event_id FROM dispatch_owed WHERE due_at < ?1 ORDER BY due_at LIMIT ?2" + locking)
                .setParameter(1, dueBefore)
                .setParameter(2, limit)
                .getResultList();
    }
}
