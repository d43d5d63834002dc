package dev.eventlog.platform.db;

import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Transaction-scoped PostgreSQL advisory locks on strings (an event id, an object). They serialize
 * writers across MDB instances and nodes where no row exists yet to lock, and are released by
 * commit or rollback, never by hand.
 */
public final class AdvisoryLocks {

    private AdvisoryLocks() {
    }

    /**
     * Takes all the locks in one statement, in sorted order, so two transactions wanting
     * overlapping sets cannot deadlock. A caller that locks twice in one transaction must take
     * the second set only after the first (ingest: ids and objects at once; dispatch: one object).
     */
    public static void lock(EntityManager em, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        // Unit separator: cannot occur in ids, so the joined list splits back exactly.
        em.createNativeQuery("SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) "
                        + "FROM (SELECT unnest(string_to_array(CAST(?1 AS text), E'\\x1F')) AS k ORDER BY 1) AS keys")
                .setParameter(1, String.join("\u001F", new TreeSet<>(keys)))
                .getSingleResult();
    }
}
