package dev.eventlog.delivery;

import dev.eventlog.platform.db.DbTime;
import dev.eventlog.platform.id.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** A delivery dispatch wants: this event to this subscription, at the event's JMS priority. */
    public record Wanted(String subscriptionId, String eventId, int priority) {
    }

    /**
     * A delivery now in the backlog; {@code leased} when it was written claimed by this node, to be
     * started here as soon as the transaction commits (see {@link #enqueue}).
     */
    public record Enqueued(String id, String subscriptionId, String eventId, int priority, boolean leased) {

        public Claimed claimed() {
            return new Claimed(id, subscriptionId, eventId, 0, null);
        }
    }

    /**
     * Adds the deliveries in one statement. Pairs already in the backlog (a redelivered dispatch
     * message) are skipped, so each (subscription, event) is delivered once.
     *
     * <p>The rows of {@code startHere}'s subscriptions, when active, are written already claimed
     * until {@code leaseUntil}, as {@link #claim} would leave them: the node that writes them
     * starts their first attempts right after the commit, without a delivery message and a second
     * transaction to claim them. The row is the durable record either way: if the node dies before
     * the attempt, the lease runs out and the retry timer of any node sends it.
     *
     * @return the new deliveries, in the order wanted
     */
    public List<Enqueued> enqueue(List<Wanted> wanted, LocalDateTime now, Set<String> startHere, LocalDateTime leaseUntil) {
        if (wanted.isEmpty()) {
            return List.of();
        }
        Map<String, Wanted> byId = new LinkedHashMap<>();
        wanted.forEach(w -> byId.put(Ids.newId("whdel_", clock), w));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("WITH added AS (INSERT INTO webhook_delivery "
                        + "(id, subscription_id, event_id, status, attempts, next_attempt_at, date_created) "
                        + "SELECT n.id, n.subscription_id, n.event_id, 'pending', 0, "
                        + "CASE WHEN n.subscription_id = ANY (string_to_array(CAST(?5 AS text), ',') COLLATE \"C\") "
                        + "AND EXISTS (SELECT 1 FROM webhook_subscription s WHERE s.id = n.subscription_id AND s.status = 'active') "
                        + "THEN CAST(?6 AS timestamp) ELSE CAST(?4 AS timestamp) END, ?4 FROM unnest("
                        + "string_to_array(CAST(?1 AS text), ','), string_to_array(CAST(?2 AS text), ','), "
                        + "string_to_array(CAST(?3 AS text), ',')) AS n (id, subscription_id, event_id) "
                        + "ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING id, next_attempt_at > date_created) "
                        + "SELECT * FROM added")
                .setParameter(1, String.join(",", byId.keySet()))
                .setParameter(2, byId.values().stream().map(Wanted::subscriptionId).collect(Collectors.joining(",")))
                .setParameter(3, byId.values().stream().map(Wanted::eventId).collect(Collectors.joining(",")))
                .setParameter(4, now)
                .setParameter(5, String.join(",", startHere))
                .setParameter(6, leaseUntil)
                .getResultList();
        Map<String, Boolean> added = new HashMap<>();
        rows.forEach(row -> added.put((String) row[0], (Boolean) row[1]));
        return byId.entrySet().stream().filter(e -> added.containsKey(e.getKey()))
                .map(e -> new Enqueued(e.getKey(), e.getValue().subscriptionId(), e.getValue().eventId(),
                        e.getValue().priority(), added.get(e.getKey()))).toList();
    }

    /**
     * Queues deliveries of these events to one subscription again, for a recovery or a resend: a
     * pair never dispatched (or purged since) gets a new row ({@code ids}, one per event), a dropped
     * one is armed again (its id kept, so Standard Webhooks' webhook-id stays the same), and with
     * {@code evenDelivered} so is a delivered one. A pending pair is left alone: it is being tried
     * already, and two rows cannot exist for one pair. Attempts and the 72-hour window start over.
     *
     * @return the ids of the deliveries now pending because of this call
     */
    public List<String> requeue(String subscriptionId, List<String> ids, List<String> eventIds, String recoveryId,
                                boolean evenDelivered, LocalDateTime now) {
        if (eventIds.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<String> queued = em.createNativeQuery("INSERT INTO webhook_delivery AS d (id, subscription_id, event_id, status, "
                        + "attempts, next_attempt_at, date_created, recovery_id) "
                        + "SELECT n.id, ?1, n.event_id, 'pending', 0, ?4, ?4, ?5 FROM unnest(string_to_array(CAST(?2 AS text), ','), "
                        + "string_to_array(CAST(?3 AS text), ',')) AS n (id, event_id) "
                        + "ON CONFLICT (subscription_id, event_id) DO UPDATE SET status = 'pending', attempts = 0, "
                        + "first_attempt_at = NULL, next_attempt_at = EXCLUDED.next_attempt_at, "
                        + "date_created = EXCLUDED.date_created, recovery_id = EXCLUDED.recovery_id "
                        + "WHERE d.status = 'dropped' OR (d.status = 'delivered' AND CAST(?6 AS boolean)) RETURNING d.id")
                .setParameter(1, subscriptionId)
                .setParameter(2, String.join(",", ids))
                .setParameter(3, String.join(",", eventIds))
                .setParameter(4, now)
                .setParameter(5, recoveryId)
                .setParameter(6, evenDelivered)
                .getResultList();
        return queued;
    }

    /** A delivery's event, while its row is kept (pending, or finished less than 4 days ago). */
    public Optional<String> eventOf(String subscriptionId, String deliveryId) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT event_id FROM webhook_delivery WHERE id = ?1 AND subscription_id = ?2")
                .setParameter(1, deliveryId).setParameter(2, subscriptionId).getResultList();
        return rows.stream().findFirst();
    }

    /**
     * Brings the pending delivery of this event forward to now, unless it may be in flight: a claim
     * leases a delivery until at most {@code leaseEnd}, so one due later is waiting out a backoff.
     *
     * @return its id if it was brought forward
     */
    public Optional<String> bringForward(String subscriptionId, String eventId, LocalDateTime now, LocalDateTime leaseEnd) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("UPDATE webhook_delivery SET next_attempt_at = ?3 WHERE subscription_id = ?1 "
                        + "AND event_id = ?2 AND status = 'pending' AND next_attempt_at > ?4 RETURNING id")
                .setParameter(1, subscriptionId).setParameter(2, eventId).setParameter(3, now).setParameter(4, leaseEnd)
                .getResultList();
        return rows.stream().findFirst();
    }

    /** How a recovery's deliveries stand. */
    public record Outcomes(long pending, long delivered, long dropped) {
    }

    public Outcomes outcomesOf(String recoveryId) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT count(*) FILTER (WHERE status = 'pending'), "
                        + "count(*) FILTER (WHERE status = 'delivered'), count(*) FILTER (WHERE status = 'dropped') "
                        + "FROM webhook_delivery WHERE recovery_id = ?1")
                .setParameter(1, recoveryId).getSingleResult();
        return new Outcomes(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue());
    }

    public long pendingOf(String recoveryId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM webhook_delivery WHERE recovery_id = ?1 "
                + "AND status = 'pending'").setParameter(1, recoveryId).getSingleResult()).longValue();
    }

    /** Claims those of the deliveries that are still pending, due, and of an active subscription. */
    public List<Claimed> claim(Collection<String> deliveryIds, LocalDateTime now, LocalDateTime leaseUntil) {
        return claim("d.id = ANY (string_to_array(CAST(?4 AS text), ',') COLLATE \"C\") AND ",
                String.join(",", deliveryIds), now, leaseUntil, deliveryIds.size());
    }

    /**
     * Claims up to {@code limit} due deliveries, fairly across subscriptions: each subscription's
     * oldest due first, at most {@code perSubscription} of each, taken in turns (every
     * subscription's first, then every second, ...), skipping rows other nodes hold. Oldest due
     * first over all subscriptions let one backlogged subscription's rows, postponed and due again
     * every second, fill every claim, so another subscription's retries waited for minutes.
     * Candidates are read without locks (each subscription's through webhook_delivery_due_by_subscription,
     * at most {@code perSubscription} index entries) and only those claimed are locked and leased.
     * A delivery nobody has touched yet (next_attempt_at still its date_created) belongs to its
     * delivery message for one lease: taken here at once, first come first served, it would go out
     * ahead of the urgent deliveries the delivery queue orders by priority. Claimed, postponed and
     * failed ones are the timer's as soon as they are due.
     */
    public List<Claimed> claimDue(LocalDateTime now, LocalDateTime leaseUntil, LocalDateTime untouchedSince, int limit,
                                  int perSubscription) {
        var query = em.createNativeQuery("WITH candidate AS (SELECT c.id FROM ("
                        + "SELECT w.id, w.next_attempt_at, row_number() OVER (PARTITION BY s.id ORDER BY w.next_attempt_at) AS turn "
                        + "FROM webhook_subscription s CROSS JOIN LATERAL (SELECT d.id, d.next_attempt_at FROM webhook_delivery d "
                        + "WHERE d.subscription_id = s.id AND d.status = 'pending' AND d.next_attempt_at <= ?1 "
                        + "AND (d.next_attempt_at > d.date_created OR d.date_created <= ?4) "
                        + "ORDER BY d.next_attempt_at LIMIT ?5) w WHERE s.status = 'active') c "
                        + "ORDER BY c.turn, c.next_attempt_at LIMIT ?2), "
                        // Locked again and checked again: another node may have leased one since it was read.
                        + "due AS (SELECT d.id FROM webhook_delivery d JOIN candidate c ON c.id = d.id "
                        + "WHERE d.status = 'pending' AND d.next_attempt_at <= ?1 FOR UPDATE OF d SKIP LOCKED) "
                        + "UPDATE webhook_delivery d SET next_attempt_at = ?3 FROM due WHERE d.id = due.id "
                        + "RETURNING d.id, d.subscription_id, d.event_id, d.attempts, d.first_attempt_at")
                .setParameter(1, now).setParameter(2, limit).setParameter(3, leaseUntil).setParameter(4, untouchedSince)
                .setParameter(5, perSubscription);
        return claimed(query);
    }

    /**
     * Select and lease in one statement: one round trip per batch, however many it claims.
     *
     * @param condition narrows the due rows, with {@code ?4} bound to {@code fourth}
     */
    private List<Claimed> claim(String condition, Object fourth, LocalDateTime now, LocalDateTime leaseUntil, int limit) {
        var query = em.createNativeQuery("WITH due AS (SELECT d.id FROM webhook_delivery d "
                        + "JOIN webhook_subscription s ON s.id = d.subscription_id "
                        + "WHERE " + condition + "d.status = 'pending' AND d.next_attempt_at <= ?1 AND s.status = 'active' "
                        + "ORDER BY d.next_attempt_at LIMIT ?2 FOR UPDATE OF d SKIP LOCKED) "
                        + "UPDATE webhook_delivery d SET next_attempt_at = ?3 FROM due WHERE d.id = due.id "
                        + "RETURNING d.id, d.subscription_id, d.event_id, d.attempts, d.first_attempt_at")
                .setParameter(1, now).setParameter(2, limit).setParameter(3, leaseUntil).setParameter(4, fourth);
        return claimed(query);
    }

    private static List<Claimed> claimed(jakarta.persistence.Query query) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        // Ids are time-ordered: first attempts go out in the order they were dispatched.
        return rows.stream().map(r -> new Claimed((String) r[0], (String) r[1], (String) r[2],
                ((Number) r[3]).intValue(), DbTime.toLocal(r[4]))).sorted(Comparator.comparing(Claimed::id)).toList();
    }

    public void reschedule(List<String> deliveryIds, LocalDateTime at) {
        em.createNativeQuery("UPDATE webhook_delivery SET next_attempt_at = ?1 "
                        + "WHERE id = ANY (string_to_array(CAST(?2 AS text), ',') COLLATE \"C\")")
                .setParameter(1, at).setParameter(2, String.join(",", deliveryIds))
                .executeUpdate();
    }

    /** A batch of successful attempts, each at its own time, in one statement. */
    public void delivered(List<Claimed> deliveries, List<LocalDateTime> attemptedAt) {
        em.createNativeQuery("UPDATE webhook_delivery d SET status = 'delivered', attempts = d.attempts + 1, "
                        + "first_attempt_at = COALESCE(d.first_attempt_at, u.at) "
                        + "FROM unnest(string_to_array(CAST(?1 AS text), ','), "
                        + "CAST(string_to_array(CAST(?2 AS text), ',') AS timestamp[])) AS u (id, at) WHERE d.id = u.id")
                .setParameter(1, deliveries.stream().map(Claimed::id).collect(Collectors.joining(",")))
                .setParameter(2, attemptedAt.stream().map(LocalDateTime::toString).collect(Collectors.joining(",")))
                .executeUpdate();
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

    /**
     * Deletes up to {@code limit} of the subscription's pending deliveries, or of all its
     * deliveries: a backlog (paused) or a deleted subscription is cleared in batches, each in a
     * short transaction of its own (SubscriptionCleanup). Deleted rather than marked dropped: half
     * the writes, and the subscription is no longer matched, so no redelivered dispatch needs them.
     */
    public int deleteBatch(String subscriptionId, boolean pendingOnly, int limit) {
        // = ANY (ARRAY(…)), not IN (…): the ids go straight to a primary-key scan, no semi-join to
        // deduplicate them first (EXPLAIN ANALYZE on P6's table: 31 ms per 5,000 rows against 70 ms).
        // A backlog is cleared only while its subscription stays paused: one resumed part way has new
        // deliveries owed to it, and a batch must not take them with the old ones. Each statement's
        // snapshot that sees a delivery made after the resume also sees the resume, so deletes nothing.
        String backlogOnly = " AND status = 'pending' AND EXISTS (SELECT 1 FROM webhook_subscription s "
                + "WHERE s.id = ?1 AND s.status = 'paused')";
        return em.createNativeQuery("DELETE FROM webhook_delivery WHERE id = ANY (ARRAY(SELECT id FROM webhook_delivery "
                        + "WHERE subscription_id = ?1" + (pendingOnly ? backlogOnly : "") + " LIMIT ?2))")
                .setParameter(1, subscriptionId).setParameter(2, limit).executeUpdate();
    }

    /** Finished rows only serve dispatch idempotency; past the retry window they can go. */
    public int purgeFinished(LocalDateTime before) {
        return em.createNativeQuery("DELETE FROM webhook_delivery WHERE status <> 'pending' AND date_created < ?1")
                .setParameter(1, before).executeUpdate();
    }
}
