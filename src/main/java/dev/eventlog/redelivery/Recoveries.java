package dev.eventlog.redelivery;

import dev.eventlog.delivery.Backlog;
import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.id.Ids;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

/** Starting recoveries and showing how they are going. The work itself is RecoveryStep's. */
@ApplicationScoped
public class Recoveries {

    /** Unfinished recoveries one subscription may have: each adds its own outstanding deliveries. */
    static final int UNFINISHED_PER_SUBSCRIPTION = 3;

    static final int LISTED = 20;

    @PersistenceContext
    EntityManager em;

    @Inject
    Backlog backlog;

    @Inject
    Clock clock;

    /**
     * A new recovery, picked up by the next timer run (within a second). Another one over the same
     * window sends nothing twice: what one delivered is skipped by the next, and a delivery still
     * pending from one is not queued again by the other.
     */
    @Transactional
    public JsonObject start(WebhookSubscription subscription, RecoveryRequest request, String userId) {
        if (!subscription.isActive()) {
            throw new ApiException(409, "The subscription is paused: resume it first (PUT /api/v1/webhook/"
                    + subscription.getId() + "/ {\"status\": \"active\"}), then recover what the pause cleared.");
        }
        // Locked, so two calls at once cannot both pass the check below.
        em.createNativeQuery("SELECT id FROM webhook_subscription WHERE id = ?1 FOR NO KEY UPDATE")
                .setParameter(1, subscription.getId()).getResultList();
        long unfinished = ((Number) em.createNativeQuery("SELECT count(*) FROM webhook_recovery WHERE subscription_id = ?1 "
                + "AND " + Recovery.UNFINISHED).setParameter(1, subscription.getId()).getSingleResult()).longValue();
        if (unfinished >= UNFINISHED_PER_SUBSCRIPTION) {
            throw new ApiException(409, "This subscription has " + unfinished + " recoveries still running: wait for one "
                    + "to finish (GET /api/v1/webhook/" + subscription.getId() + "/recoveries/).");
        }
        LocalDateTime now = Timestamps.toUtc(clock.instant());
        Recovery recovery = new Recovery(Ids.newId("whrec_", clock), subscription.getId(), request.since(), request.until(),
                request.includeDelivered(), userId, now);
        em.persist(recovery);
        return view(recovery);
    }

    /** In a transaction: the backlog's counts are read in one. */
    @Transactional
    public JsonObject get(WebhookSubscription subscription, String recoveryId) {
        Recovery recovery = em.find(Recovery.class, recoveryId);
        if (recovery == null || !recovery.getSubscriptionId().equals(subscription.getId())) {
            throw new ApiException(404, "No such recovery of this subscription.");
        }
        return view(recovery);
    }

    /** Newest first, the last {@link #LISTED}. */
    @Transactional
    public List<JsonObject> list(WebhookSubscription subscription) {
        return em.createQuery("select r from Recovery r where r.subscriptionId = :s order by r.id desc", Recovery.class)
                .setParameter("s", subscription.getId()).setMaxResults(LISTED).getResultList()
                .stream().map(this::view).toList();
    }

    /** With the events' retention: a recovery older than every event it could have sent. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeFinishedBefore(LocalDateTime cutoff) {
        return em.createNativeQuery("DELETE FROM webhook_recovery WHERE status IN ('finished', 'stopped') AND date_finished < ?1")
                .setParameter(1, cutoff).executeUpdate();
    }

    /**
     * Its progress: matched (events in the window the subscription wants), skipped (received
     * already, or pending from another recovery), queued, and of those queued delivered, failed
     * (dropped after 72 hours of retries) and pending.
     */
    private JsonObject view(Recovery r) {
        long delivered;
        long failed;
        long pending = 0;
        if (r.isOver()) {
            delivered = r.getDelivered();
            failed = r.getFailed();
        } else {
            Backlog.Outcomes outcomes = backlog.outcomesOf(r.getId());
            delivered = outcomes.delivered();
            failed = outcomes.dropped();
            pending = outcomes.pending();
        }
        JsonObjectBuilder b = Jsonp.createObjectBuilder()
                .add("id", r.getId())
                .add("subscription_id", r.getSubscriptionId())
                .add("since", Timestamps.format(r.getSince()))
                .add("until", Timestamps.format(r.getUntil()))
                .add("include_delivered", r.isIncludeDelivered())
                .add("status", r.getStatus())
                .add("stop_reason", r.getStopReason() == null ? JsonValue.NULL : Jsonp.createValue(r.getStopReason()))
                .add("scanned", r.getScanned())
                .add("matched", r.getMatched())
                .add("skipped", r.getSkipped())
                .add("queued", r.getQueued())
                .add("delivered", delivered)
                .add("failed", failed)
                .add("pending", pending)
                .add("date_created", Timestamps.format(r.getDateCreated()))
                .add("date_finished", r.getDateFinished() == null ? JsonValue.NULL
                        : Jsonp.createValue(Timestamps.format(r.getDateFinished())));
        return b.build();
    }
}
