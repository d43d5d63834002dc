package dev.eventlog.platform.db;

import dev.eventlog.platform.crypto.Sha256;
import jakarta.persistence.EntityManager;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.TreeSet;
import java.util.stream.Collectors;

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
        // Keys are hashed here, not in SQL: any text (an object id from a producer included) is
        // a valid key, and numbers need no separator that a key could contain.
        TreeSet<Long> hashes = keys.stream().map(AdvisoryLocks::hash).collect(Collectors.toCollection(TreeSet::new));
        em.createNativeQuery("SELECT count(pg_advisory_xact_lock(k)) "
                        + "FROM (SELECT unnest(CAST(string_to_array(CAST(?1 AS text), ',') AS bigint[])) AS k ORDER BY 1) AS keys")
                .setParameter(1, hashes.stream().map(String::valueOf).collect(Collectors.joining(",")))
                .getSingleResult();
    }

    /**
     * Takes one lock if no other transaction holds it, without waiting: for work that one node at a
     * time does (the stream's JMS feed), and that the holder does anyway.
     */
    public static boolean tryLock(EntityManager em, String key) {
        Object got = em.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)").setParameter(1, hash(key)).getSingleResult();
        return Boolean.TRUE.equals(got);
    }

    /** 64 bits of SHA-256: the same on every node and JVM, and collisions are out of reach. */
    static long hash(String key) {
        return ByteBuffer.wrap(Sha256.of(key)).getLong();
    }
}
