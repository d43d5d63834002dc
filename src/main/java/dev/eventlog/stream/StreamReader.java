package dev.eventlog.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Reads the stream in position order up to the horizon: the oldest transaction still in progress,
 * below which every transaction has ended (V9 and DESIGN.md §11 say why that never skips a row).
 *
 * <p>The horizon is read in a statement before the rows. Taken earlier it can only be lower, and
 * every transaction below it had ended before the rows' snapshot was taken, so the rows' query
 * sees all of them: reading up to an older horizon is slower to show new changes, never wrong.
 */
@ApplicationScoped
public class StreamReader {

    @PersistenceContext
    EntityManager em;

    /** Reads in a transaction of its own (a long-poll re-reads from a timer thread). */
    @Transactional(TxType.REQUIRES_NEW)
    public StreamPage read(StreamRead read) {
        return readHere(read);
    }

    /** Reads in the caller's transaction (the JMS feed, which stores its position with it). */
    @Transactional(TxType.MANDATORY)
    public StreamPage readHere(StreamRead read) {
        long horizon = horizon();
        StringBuilder sql = new StringBuilder(StreamRows.SELECT + " WHERE e.stream_tx >= ?1 "
                + "AND (e.stream_tx > ?1 OR e.stream_seq > ?2) AND e.stream_tx < ?3");
        int next = 4;
        if (read.organizationId() != null) {
            sql.append(" AND e.organization_id = ?").append(next++);
        }
        if (read.consumer() != null) {
            // Containment, not the ? operator: JDBC would take that for a parameter.
            sql.append(" AND NOT coalesce(e.internal_metadata -> 'processing_options' -> 'ignored_consumers' "
                    + "@> jsonb_build_array(CAST(?").append(next++).append(" AS text)), false)");
        }
        sql.append(" ORDER BY e.stream_tx, e.stream_seq LIMIT ?").append(next);
        Query query = em.createNativeQuery(sql.toString())
                .setParameter(1, read.after().tx())
                .setParameter(2, read.after().seq())
                .setParameter(3, horizon);
        int p = 4;
        if (read.organizationId() != null) {
            query.setParameter(p++, read.organizationId());
        }
        if (read.consumer() != null) {
            query.setParameter(p++, read.consumer());
        }
        query.setParameter(p, read.limit());
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        List<StreamEntry> entries = rows.stream().map(StreamRows::entry).toList();
        boolean full = entries.size() == read.limit();
        StreamPosition nextPosition = full
                ? entries.get(entries.size() - 1).position()
                : read.after().max(StreamPosition.before(horizon));
        boolean held = !full && committedAtOrAbove(horizon);
        return new StreamPage(entries, nextPosition, full, held);
    }

    /** The oldest transaction still in progress (or the next one to start, if none is). */
    @Transactional(TxType.SUPPORTS)
    public long horizon() {
        return ((Number) em.createNativeQuery("SELECT CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text) AS bigint)")
                .getSingleResult()).longValue();
    }

    /** The position after which only changes that have not been written yet will appear. */
    @Transactional(TxType.SUPPORTS)
    public StreamPosition head() {
        return StreamPosition.before(horizon());
    }

    /** {@link #head()} read outside any caller's transaction (whose own id would hold the horizon back). */
    @Transactional(TxType.REQUIRES_NEW)
    public StreamPosition headNow() {
        return head();
    }

    private boolean committedAtOrAbove(long horizon) {
        return !em.createNativeQuery("SELECT 1 FROM event WHERE stream_tx >= ?1 LIMIT 1")
                .setParameter(1, horizon).getResultList().isEmpty();
    }

    /**
     * The position just before the first change logged at or after {@code at}: reading after it
     * yields every change logged from then on (and, first, any that a transaction still running at
     * {@code at} logged a moment before). The scan starts at the last mark before {@code at}
     * (StreamMarks), or at the start when there is none, and stops at the horizon.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public StreamPosition positionAt(LocalDateTime at) {
        long horizon = horizon();
        @SuppressWarnings("unchecked")
        List<Number> mark = em.createNativeQuery("SELECT horizon_tx FROM stream_mark WHERE at <= ?1 ORDER BY at DESC LIMIT 1")
                .setParameter(1, at).getResultList();
        long from = mark.isEmpty() ? 0 : mark.get(0).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> first = em.createNativeQuery("SELECT stream_tx, stream_seq FROM event "
                        + "WHERE stream_tx >= ?1 AND stream_tx < ?2 AND date_logged >= ?3 "
                        + "ORDER BY stream_tx, stream_seq LIMIT 1")
                .setParameter(1, from).setParameter(2, horizon).setParameter(3, at)
                .getResultList();
        if (first.isEmpty()) {
            return StreamPosition.before(horizon);
        }
        long tx = ((Number) first.get(0)[0]).longValue();
        long seq = ((Number) first.get(0)[1]).longValue();
        // Just before it: the same transaction's earlier sequence number, which no row takes again.
        return new StreamPosition(tx, seq - 1);
    }
}
