package dev.eventlog.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;

/**
 * Marks, every few seconds, where the line of finished transactions stands (stream_mark), so that
 * a time resolves to a position by a short scan from the mark before it (StreamReader.positionAt).
 *
 * <p>The time and the horizon come from one statement, by the database's clock: its snapshot is
 * taken before clock_timestamp() is read, and any transaction that writes at or after that time
 * either ran at the snapshot (so its id is at or above the snapshot's xmin) or got its id later
 * (above it too). So every change logged at or after {@code at} is at or after the mark.
 */
@ApplicationScoped
public class StreamMarks {

    @PersistenceContext
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void mark() {
        em.createNativeQuery("INSERT INTO stream_mark (at, horizon_tx) SELECT clock_timestamp() AT TIME ZONE 'UTC', "
                        + "CAST(CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text) AS bigint) ON CONFLICT (at) DO NOTHING")
                .executeUpdate();
    }

    /** With the events' retention: a mark older than every event resolves nothing. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeBefore(LocalDateTime cutoff) {
        return em.createNativeQuery("DELETE FROM stream_mark WHERE at < ?1").setParameter(1, cutoff).executeUpdate();
    }
}
