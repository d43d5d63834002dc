package dev.eventlog.attempt;

import dev.eventlog.delivery.AttemptOutcome;
import dev.eventlog.delivery.Backlog;
import dev.eventlog.platform.db.DbTime;
import dev.eventlog.platform.id.Ids;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.time.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every attempt, as it happened: what a user reads to see why their receiver is not getting events. */
@ApplicationScoped
public class AttemptLog {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String DROPPED = "dropped";

    private static final String ID_PREFIX = "whatt_";
    private static final String COLUMNS = "id, delivery_id, event_id, attempted_at, outcome, status_code, latency_ms, error, "
            + "response_body, signed_with";

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /** @return the attempt's id */
    @Transactional(Transactional.TxType.MANDATORY)
    public String record(Backlog.Claimed delivery, LocalDateTime at, String outcome, AttemptOutcome result) {
        String id = Ids.newId(ID_PREFIX, clock);
        em.persist(new DeliveryAttempt(id, delivery, at, outcome, result));
        return id;
    }

    /** Up to {@code limit} attempts of a deleted subscription (SubscriptionCleanup). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int deleteBatch(String subscriptionId, int limit) {
        return em.createNativeQuery("DELETE FROM delivery_attempt WHERE id = ANY (ARRAY(SELECT id FROM delivery_attempt "
                + "WHERE subscription_id = ?1 LIMIT ?2))").setParameter(1, subscriptionId).setParameter(2, limit).executeUpdate();
    }

    /**
     * Up to {@code limit} of the oldest attempts made before {@code cutoff}, in a transaction of
     * their own (the retention run loops). Found by id, which is time-ordered, through the
     * primary key: no index on attempted_at to keep up on every attempt.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeBatch(Instant cutoff, int limit) {
        return em.createNativeQuery("DELETE FROM delivery_attempt WHERE id = ANY (ARRAY(SELECT id FROM delivery_attempt "
                        + "WHERE id < ?1 ORDER BY id LIMIT ?2))")
                .setParameter(1, Ids.firstIdAt(ID_PREFIX, cutoff)).setParameter(2, limit).executeUpdate();
    }

    /**
     * Those of the events the subscription has received (an attempt of theirs succeeded), for as
     * long as the attempt log keeps them: the whole retention period. Through the index of
     * successes, one lookup per event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> delivered(String subscriptionId, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT DISTINCT event_id FROM delivery_attempt WHERE subscription_id = ?1 "
                        + "AND outcome = 'success' AND event_id = ANY (string_to_array(CAST(?2 AS text), ',') COLLATE \"C\")")
                .setParameter(1, subscriptionId).setParameter(2, String.join(",", eventIds)).getResultList();
        return new HashSet<>(rows);
    }

    /**
     * The event of a delivery the log has attempts of. Its attempts were made after the delivery
     * (both ids are time-ordered), and the first nearly always within seconds: the scan starts at
     * the delivery's time and stops at the first of its attempts.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> eventOfDelivery(String subscriptionId, String deliveryId, Instant madeAt) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT event_id FROM delivery_attempt WHERE subscription_id = ?1 "
                        + "AND id >= ?2 AND delivery_id = ?3 ORDER BY id LIMIT 1")
                .setParameter(1, subscriptionId).setParameter(2, Ids.firstIdAt(ID_PREFIX, madeAt))
                .setParameter(3, deliveryId).getResultList();
        return rows.stream().findFirst();
    }

    /** Newest first; {@code before} is the last id of the previous page. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<JsonObject> list(String subscriptionId, String before, int limit) {
        var query = em.createNativeQuery("SELECT " + COLUMNS + " FROM delivery_attempt WHERE subscription_id = ?1 "
                        + (before == null ? "" : "AND id < ?3 ") + "ORDER BY id DESC LIMIT ?2")
                .setParameter(1, subscriptionId).setParameter(2, limit);
        if (before != null) {
            query.setParameter(3, before);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(AttemptLog::view).toList();
    }

    /** One attempt as the list shows it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<JsonObject> find(String subscriptionId, String attemptId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT " + COLUMNS + " FROM delivery_attempt WHERE id = ?1 "
                + "AND subscription_id = ?2").setParameter(1, attemptId).setParameter(2, subscriptionId).getResultList();
        return rows.stream().findFirst().map(AttemptLog::view);
    }

    private static JsonObject view(Object[] r) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder()
                .add("id", (String) r[0])
                .add("delivery_id", (String) r[1])
                .add("event_id", (String) r[2])
                .add("date_created", Timestamps.format(DbTime.toLocal(r[3])))
                .add("outcome", (String) r[4]);
        if (r[5] == null) {
            b.addNull("status_code");
        } else {
            b.add("status_code", ((Number) r[5]).intValue());
        }
        b.add("latency_ms", ((Number) r[6]).intValue());
        if (r[7] == null) {
            b.addNull("error");
        } else {
            b.add("error", (String) r[7]);
        }
        b.add("response_body", r[8] == null ? "" : (String) r[8]);
        signedWith(b, (String) r[9]);
        return b.build();
    }

    /**
     * "both 2,1" as {@code signature_scheme} and {@code key_generations}: which scheme and which
     * keys signed the request (two during a rotation's grace). Null for attempts that sent no request
     * and for those made before this was kept.
     */
    static void signedWith(JsonObjectBuilder b, String signedWith) {
        if (signedWith == null || !signedWith.contains(" ")) {
            b.addNull("signature_scheme").addNull("key_generations");
            return;
        }
        String[] parts = signedWith.split(" ", 2);
        var generations = Jsonp.createArrayBuilder();
        for (String g : parts[1].split(",")) {
            generations.add(Integer.parseInt(g));
        }
        b.add("signature_scheme", parts[0]).add("key_generations", generations);
    }
}
