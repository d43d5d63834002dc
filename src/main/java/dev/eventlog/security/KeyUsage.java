package dev.eventlog.security;

import dev.eventlog.platform.time.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When each key was last used, to the minute: enough for an operator to see which keys are stale
 * before revoking them, at one write per key per minute instead of one per request (a producer's
 * ingest key authenticates thousands of requests a second).
 */
@ApplicationScoped
public class KeyUsage {

    private static final Logger LOG = Logger.getLogger(KeyUsage.class.getName());

    static final Duration RESOLUTION = Duration.ofMinutes(1);

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /** Through the proxy, so that record's own transaction applies. */
    @Inject
    KeyUsage self;

    private boolean isDue(ApiKey key) {
        LocalDateTime last = key.getDateLastUsed();
        return last == null || !last.isAfter(now().minus(RESOLUTION));
    }

    /** Records the use unless it is recorded to the minute already; a failure costs the record, never the request. */
    void recordIfDue(ApiKey key) {
        if (!isDue(key)) {
            return;
        }
        try {
            self.record(key.getId());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not record the use of key " + key.getId(), e);
        }
    }

    /**
     * In a transaction of its own, so that it neither waits for nor rolls back with the request's
     * work. Concurrent requests past the minute each find the row already updated but the first.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(String keyId) {
        LocalDateTime now = now();
        em.createNativeQuery("UPDATE api_key SET date_last_used = ?1 WHERE id = ?2 "
                        + "AND (date_last_used IS NULL OR date_last_used <= ?3)")
                .setParameter(1, now).setParameter(2, keyId).setParameter(3, now.minus(RESOLUTION))
                .executeUpdate();
    }

    private LocalDateTime now() {
        return Timestamps.toUtc(clock.instant());
    }
}
