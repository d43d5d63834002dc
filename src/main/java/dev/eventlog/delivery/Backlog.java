package dev.eventlog.delivery;

import dev.eventlog.platform.id.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The webhook_delivery table: one row per (subscription, event) until it is delivered or dropped.
 * Rows are claimed with a lease (next_attempt_at moved forward), so a node that dies mid-request
 * leaves work that another node retries once the lease runs out.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Backlog {

    /** What an attempt needs to know about its delivery. */
    public record Claimed(String id, String subscriptionId, String eventId, int attempts, LocalDateTime firstAttemptAt) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /** @return the new delivery's id, or null when this event was already dispatched to it */
    public String enqueue(String subscriptionId, String eventId, LocalDateTime now) {
        String id = Ids.newId("whdel_", clock);
        int inserted = em.createNativeQuery("INSERT INTO webhook_delivery "
                        + "(id, subscription_id, event_id, status, attempts, next_attempt_at, date_created) "
                        + "VALUES (?1, ?2, ?3, 'pending', 0, ?4, ?4) ON CONFLICT (subscription_id, event_id) DO NOTHING")
                .setParameter(1, id).setParameter(2, subscriptionId).setParameter(3, eventId).setParameter(4, now)
                .executeUpdate();
        return inserted == 1 ? id : null;
    }

    /** Claims one delivery if it is still pending, due, and its subscription active. */
    public Claimed claim(String deliveryId, LocalDateTime now, LocalDateTime leaseUntil) {
        List<Claimed> claimed = claim("d.id = ?3 AND ", deliveryId, now, leaseUntil, 1);
        return claimed.isEmpty() ? null : claimed.get(0);
    }

    /** Claims up to {@code limit} due deliveries, oldest due first, skipping rows other nodes hold. */
    public List<Claimed> claimDue(LocalDateTime now, LocalDateTime leaseUntil, int limit) {
        return claim("", null, now, leaseUntil, limit);
    }

    private List<Claimed> claim(String condition, String deliveryId, LocalDateTime now, LocalDateTime leaseUntil, int limit) {
        var query = em.createNativeQuery("SELECT d.id, d.subscription_id, d.event_id, d.attempts, d.first_attempt_at "
                        + "FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id "
                        + "WHERE " + condition + "d.status = 'pending' AND d.next_attempt_at <= ?1 AND s.status = 'active' "
                        + "ORDER BY d.next_attempt_at LIMIT ?2 FOR UPDATE OF d SKIP LOCKED")
                .setParameter(1, now).setParameter(2, limit);
        if (deliveryId != null) {
            query.setParameter(3, deliveryId);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Claimed> claimed = rows.stream().map(r -> new Claimed((String) r[0], (String) r[1], (String) r[2],
                ((Number) r[3]).intValue(), DbTime.toLocal(r[4]))).toList();
        reschedule(claimed.stream().map(Claimed::id).toList(), leaseUntil);
        return claimed;
    }

    public void reschedule(List<String> deliveryIds, LocalDateTime at) {
        em.createNativeQuery("UPDATE webhook_delivery SET next_attempt_at = ?1 "
                        + "WHERE id = ANY (string_to_array(CAST(?2 AS text), ',') COLLATE \"C\")")
                .setParameter(1, at).setParameter(2, String.join(",", deliveryIds))
                .executeUpdate();
    }

    public void delivered(Claimed delivery, LocalDateTime attemptedAt) {
        finish(delivery, "delivered", attemptedAt);
    }

    public void dropped(Claimed delivery, LocalDateTime attemptedAt) {
        finish(delivery, "dropped", attemptedAt);
    }

    public void failed(Claimed delivery, LocalDateTime attemptedAt, LocalDateTime nextAttempt) {
        em.createNativeQuery("UPDATE webhook_delivery SET attempts = attempts + 1, "
                        + "first_attempt_at = COALESCE(first_attempt_at, ?2), next_attempt_at = ?3 WHERE id = ?1")
                .setParameter(1, delivery.id()).setParameter(2, attemptedAt).setParameter(3, nextAttempt)
                .executeUpdate();
    }

    private void finish(Claimed delivery, String status, LocalDateTime attemptedAt) {
        em.createNativeQuery("UPDATE webhook_delivery SET status = ?2, attempts = attempts + 1, "
                        + "first_attempt_at = COALESCE(first_attempt_at, ?3) WHERE id = ?1")
                .setParameter(1, delivery.id()).setParameter(2, status).setParameter(3, attemptedAt)
                .executeUpdate();
    }

    /** Pending deliveries per active subscription. */
    public Map<String, Long> pendingBySubscription() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT subscription_id, count(*) FROM webhook_delivery "
                + "WHERE status = 'pending' GROUP BY subscription_id").getResultList();
        return rows.stream().collect(Collectors.toMap(r -> (String) r[0], r -> ((Number) r[1]).longValue()));
    }

    /** Clears a subscription's backlog (it was paused for being too far behind). */
    public int dropPending(String subscriptionId) {
        return em.createNativeQuery("UPDATE webhook_delivery SET status = 'dropped' "
                        + "WHERE subscription_id = ?1 AND status = 'pending'")
                .setParameter(1, subscriptionId).executeUpdate();
    }

    /** Finished rows only serve dispatch idempotency; past the retry window they can go. */
    public int purgeFinished(LocalDateTime before) {
        return em.createNativeQuery("DELETE FROM webhook_delivery WHERE status <> 'pending' AND date_created < ?1")
                .setParameter(1, before).executeUpdate();
    }
}
