package dev.eventlog.delivery;

import dev.eventlog.event.Event;
import dev.eventlog.event.EventJson;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.webhook.WebhookSignature;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The transactional steps of an attempt, each committed on its own: claim (before the request),
 * then record the outcome (after it). Nothing is held open while a receiver thinks.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class DeliverySteps {

    @PersistenceContext
    EntityManager em;

    @Inject
    Backlog backlog;

    @Inject
    AttemptLog attempts;

    @Inject
    AdminMailer mailer;

    @Inject
    DeliverySettings settings;

    @Inject
    Clock clock;

    private final RetryPolicy retryPolicy = RetryPolicy.standard();

    public Backlog.Claimed claim(String deliveryId) {
        LocalDateTime now = now();
        return backlog.claim(deliveryId, now, now.plus(settings.lease()));
    }

    public List<Backlog.Claimed> claimDue(int limit) {
        LocalDateTime now = now();
        return backlog.claimDue(now, now.plus(settings.lease()), limit);
    }

    /** The receiver is busy with this subscription's other requests: try again in a moment. */
    public void postpone(Backlog.Claimed delivery) {
        backlog.reschedule(List.of(delivery.id()), now().plusSeconds(1));
    }

    /** The signed request for a claimed delivery; empty when its event is gone (past retention). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<WebhookRequest> prepare(Backlog.Claimed delivery) {
        WebhookSubscription subscription = em.find(WebhookSubscription.class, delivery.subscriptionId());
        Event event = em.find(Event.class, delivery.eventId());
        if (subscription == null || event == null) {
            return Optional.empty();
        }
        byte[] body = Jsonp.createObjectBuilder()
                .add("event", EventJson.webhookJson(event))
                .add("subscription_id", subscription.getId())
                .build().toString().getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        return Optional.of(new WebhookRequest(subscription.getUrl(), subscription.isVerifySsl(), body, timestamp,
                WebhookSignature.sign(subscription.getSignatureKey(), timestamp, body)));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isActive(String subscriptionId) {
        WebhookSubscription subscription = em.find(WebhookSubscription.class, subscriptionId);
        return subscription != null && subscription.isActive();
    }

    public void record(Backlog.Claimed delivery, AttemptOutcome outcome) {
        LocalDateTime now = now();
        if (outcome.succeeded()) {
            attempts.record(delivery, now, AttemptLog.SUCCESS, outcome);
            backlog.delivered(delivery, now);
            // A no-op (and no row lock) while the subscription is healthy, which is nearly always.
            em.createNativeQuery("UPDATE webhook_subscription SET failing_since = NULL, failure_warnings_sent = 0 "
                    + "WHERE id = ?1 AND failing_since IS NOT NULL").setParameter(1, delivery.subscriptionId()).executeUpdate();
            return;
        }
        attempts.record(delivery, now, AttemptLog.FAILURE, outcome);
        em.createNativeQuery("UPDATE webhook_subscription SET failing_since = COALESCE(failing_since, ?2), latest_error = ?3 "
                        + "WHERE id = ?1 AND (failing_since IS NULL OR latest_error IS DISTINCT FROM ?3)")
                .setParameter(1, delivery.subscriptionId()).setParameter(2, now).setParameter(3, outcome.error())
                .executeUpdate();
        if (outcome.gone()) {
            // 410 is the receiver's way to say it is gone for good: stop at once, keep the backlog.
            backlog.failed(delivery, now, now);
            pause(delivery.subscriptionId(), "gone", now,
                    "answered 410 Gone, which means the receiver does not want these events any more.");
            return;
        }
        LocalDateTime first = delivery.firstAttemptAt() != null ? delivery.firstAttemptAt() : now;
        Optional<java.time.Instant> next = retryPolicy.nextAttempt(delivery.attempts() + 1,
                Timestamps.toInstant(first), Timestamps.toInstant(now), outcome.retryAfter());
        if (next.isPresent()) {
            backlog.failed(delivery, now, Timestamps.toUtc(next.get()));
        } else {
            backlog.dropped(delivery, now);
            attempts.record(delivery, now, AttemptLog.DROPPED, AttemptOutcome.notSent(
                    "Dropped: still failing 72 hours after the first attempt"));
        }
    }

    /** A delivery that can no longer be made (its event or subscription is gone). */
    public void drop(Backlog.Claimed delivery, String reason) {
        LocalDateTime now = now();
        backlog.dropped(delivery, now);
        attempts.record(delivery, now, AttemptLog.DROPPED, AttemptOutcome.notSent(reason));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void pause(String subscriptionId, String reason, LocalDateTime now, String why) {
        WebhookSubscription subscription = em.find(WebhookSubscription.class, subscriptionId);
        if (subscription == null || !subscription.isActive()) {
            return;
        }
        subscription.pause(reason, null, now);
        mailer.toAdmins(subscription.getOrganizationId(), "Webhook paused: " + subscription.getUrl(),
                "Your webhook subscription " + subscription.getId() + " to " + subscription.getUrl() + " was paused: it "
                        + why + "\n\nIt receives nothing until you resume it with PUT /api/v1/webhook/"
                        + subscription.getId() + "/ {\"status\": \"active\"}.");
    }

    private LocalDateTime now() {
        return Timestamps.toUtc(clock.instant());
    }
}
