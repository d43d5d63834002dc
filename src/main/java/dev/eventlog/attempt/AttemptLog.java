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
import java.util.List;

/** Every attempt, as it happened: what a user reads to see why their receiver is not getting events. */
@ApplicationScoped
public class AttemptLog {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
    public static final String DROPPED = "dropped";

    private static final String ID_PREFIX = "whatt_";

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Backlog.Claimed delivery, LocalDateTime at, String outcome, AttemptOutcome result) {
        em.persist(new DeliveryAttempt(Ids.newId(ID_PREFIX, clock), delivery, at, outcome, result));
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

    /** Newest first; {@code before} is the last id of the previous page. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<JsonObject> list(String subscriptionId, String before, int limit) {
        var query = em.createNativeQuery("SELECT id, delivery_id, event_id, attempted_at, outcome, status_code, "
                        + "latency_ms, error, response_body, signed_with FROM delivery_attempt WHERE subscription_id = ?1 "
                        + (before == null ? "" : "AND id < ?3 ") + "ORDER BY id DESC LIMIT ?2")
                .setParameter(1, subscriptionId).setParameter(2, limit);
        if (before != null) {
            query.setParameter(3, before);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(AttemptLog::view).toList();
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
