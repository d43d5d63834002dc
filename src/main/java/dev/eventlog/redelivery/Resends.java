package dev.eventlog.redelivery;

import dev.eventlog.attempt.AttemptLog;
import dev.eventlog.delivery.Backlog;
import dev.eventlog.delivery.DeliveryQueue;
import dev.eventlog.delivery.DeliverySettings;
import dev.eventlog.event.Event;
import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.id.Ids;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Sends one delivery again now: a delivered or dropped one is queued again under its own id (so
 * Standard Webhooks' webhook-id is the one the receiver saw), one waiting out a retry's backoff is
 * brought forward. It then goes through the delivery queue ahead of bulk traffic, and is retried
 * and logged like any delivery.
 */
@ApplicationScoped
public class Resends {

    /** Ahead of normal events on the delivery queue: someone is watching for it. */
    static final int PRIORITY = 9;

    @PersistenceContext
    EntityManager em;

    @Inject
    Backlog backlog;

    @Inject
    AttemptLog attempts;

    @Inject
    DeliveryQueue queue;

    @Inject
    DeliverySettings settings;

    @Inject
    Clock clock;

    /** What was queued. */
    record Resent(String deliveryId, String eventId) {
    }

    @Transactional
    public Resent resend(WebhookSubscription subscription, String deliveryId) {
        Optional<Instant> madeAt = Ids.timeOf("whdel_", deliveryId);
        Optional<String> eventId = madeAt.flatMap(at -> backlog.eventOf(subscription.getId(), deliveryId)
                .or(() -> attempts.eventOfDelivery(subscription.getId(), deliveryId, at)));
        if (eventId.isEmpty()) {
            throw new ApiException(404, "No such delivery of this subscription: use a delivery_id from its attempts.");
        }
        if (!subscription.isActive()) {
            throw new ApiException(409, "The subscription is paused: resume it first (PUT /api/v1/webhook/"
                    + subscription.getId() + "/ {\"status\": \"active\"}).");
        }
        if (em.createQuery("select count(e) from Event e where e.id = :id", Long.class)
                .setParameter("id", eventId.get()).getSingleResult() == 0) {
            throw new ApiException(404, "Its event is no longer in the log (past the retention period).");
        }
        LocalDateTime now = Timestamps.toUtc(clock.instant());
        List<String> queued = backlog.requeue(subscription.getId(), List.of(deliveryId), List.of(eventId.get()), null, true, now);
        String id = queued.isEmpty() ? backlog.bringForward(subscription.getId(), eventId.get(), now, now.plus(settings.lease()))
                .orElseThrow(() -> new ApiException(409, "This delivery is being attempted right now, or its next attempt "
                        + "is due within " + settings.lease().toSeconds() + " seconds: see its attempts."))
                : queued.get(0);
        queue.send(List.of(id), PRIORITY);
        return new Resent(id, eventId.get());
    }
}
