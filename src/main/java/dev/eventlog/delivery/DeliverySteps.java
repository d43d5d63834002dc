package dev.eventlog.delivery;

import dev.eventlog.attempt.AttemptLog;
import dev.eventlog.health.AdminMailer;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.retry.RetryPolicy;
import dev.eventlog.webhook.SubscriptionsChanged;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

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

    @Inject
    jakarta.enterprise.event.Event<SubscriptionsChanged> changed;

    private final RetryPolicy retryPolicy = RetryPolicy.standard();

    public List<Backlog.Claimed> claim(List<String> deliveryIds) {
        LocalDateTime now = now();
        return backlog.claim(deliveryIds, now, now.plus(settings.lease()));
    }

    public List<Backlog.Claimed> claimDue(int limit, int perSubscription) {
        LocalDateTime now = now();
        return backlog.claimDue(now, now.plus(settings.lease()), now.minus(settings.lease()), limit, perSubscription);
    }

    /** The receivers are busy with these subscriptions' other requests: try again in a moment. */
    public void postpone(List<Backlog.Claimed> deliveries) {
        backlog.reschedule(deliveries.stream().map(Backlog.Claimed::id).toList(), now().plusSeconds(1));
    }

    /** Successful attempts of several subscriptions, in one transaction (see SuccessRecorder). */
    public void recordSuccesses(List<SuccessRecorder.Success> batch) {
        batch.forEach(s -> attempts.record(s.delivery(), s.at(), AttemptLog.SUCCESS, s.outcome()));
        delivered(batch);
        em.flush(); // a row PostgreSQL refuses fails by here, with its cause, not in the commit
    }

    /**
     * Last resort for successes whose attempts PostgreSQL refused even with placeholder texts: they
     * were delivered, so they are marked so, and never sent again for want of a log row.
     */
    public void markDelivered(List<SuccessRecorder.Success> batch) {
        delivered(batch);
    }

    private void delivered(List<SuccessRecorder.Success> batch) {
        backlog.delivered(batch.stream().map(SuccessRecorder.Success::delivery).toList(),
                batch.stream().map(SuccessRecorder.Success::at).toList());
        // A no-op (and no row lock) while the subscriptions are healthy, which is nearly always.
        em.createNativeQuery("UPDATE webhook_subscription SET failing_since = NULL, failure_warnings_sent = 0 "
                        + "WHERE id = ANY (string_to_array(CAST(?1 AS text), ',') COLLATE \"C\") AND failing_since IS NOT NULL")
                .setParameter(1, batch.stream().map(s -> s.delivery().subscriptionId()).distinct()
                        .collect(Collectors.joining(",")))
                .executeUpdate();
    }

    /** Failed attempts of several subscriptions, in one transaction (see FailureRecorder). */
    public void recordFailures(List<FailureRecorder.Failure> batch) {
        batch.forEach(f -> record(f.delivery(), f.outcome()));
    }

    /** Records a failed attempt (successes go through SuccessRecorder) and schedules what follows. */
    public void record(Backlog.Claimed delivery, AttemptOutcome outcome) {
        LocalDateTime now = now();
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
        if (!scheduleNext(delivery, now, outcome)) {
            attempts.record(delivery, now, AttemptLog.DROPPED, AttemptOutcome.notSent(
                    "Dropped: still failing 72 hours after the first attempt"));
        }
        em.flush(); // a row PostgreSQL refuses fails by here, with its cause, not in the commit
    }

    /**
     * Last resort for a failed attempt that could not be recorded at all: only its schedule, so
     * that the next try follows the retry policy (and gives up after 72 hours) instead of coming
     * back each time the claim's lease runs out.
     */
    public void retryLater(Backlog.Claimed delivery, AttemptOutcome outcome) {
        scheduleNext(delivery, now(), outcome);
    }

    /** @return false when the retry window is over and the delivery was dropped */
    private boolean scheduleNext(Backlog.Claimed delivery, LocalDateTime now, AttemptOutcome outcome) {
        LocalDateTime first = delivery.firstAttemptAt() != null ? delivery.firstAttemptAt() : now;
        Optional<java.time.Instant> next = retryPolicy.nextAttempt(delivery.attempts() + 1,
                Timestamps.toInstant(first), Timestamps.toInstant(now), outcome.retryAfter());
        if (next.isEmpty()) {
            backlog.dropped(delivery, now);
            return false;
        }
        backlog.failed(delivery, now, Timestamps.toUtc(next.get()));
        return true;
    }

    /** A delivery that can no longer be made (its event or subscription is gone, or cannot be read). */
    public void drop(Backlog.Claimed delivery, String reason) {
        LocalDateTime now = now();
        backlog.dropped(delivery, now);
        attempts.record(delivery, now, AttemptLog.DROPPED, AttemptOutcome.notSent(reason));
        em.flush();
    }

    /**
     * Locks the subscription before reading it (the health check already holds that lock: taking
     * it again is free), so the pause applies to its current state and a concurrent PUT waits for
     * it and then sees it paused.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void pause(String subscriptionId, String reason, LocalDateTime now, String why) {
        em.createNativeQuery("SELECT id FROM webhook_subscription WHERE id = ?1 FOR NO KEY UPDATE")
                .setParameter(1, subscriptionId).getResultList();
        WebhookSubscription subscription = em.find(WebhookSubscription.class, subscriptionId);
        if (subscription == null || !subscription.isActive()) {
            return;
        }
        subscription.pause(reason, null, now);
        changed.fire(new SubscriptionsChanged(subscription.getOrganizationId()));
        mailer.toAdmins(subscription.getOrganizationId(), "Webhook paused: " + subscription.getUrl(),
                "Your webhook subscription " + subscription.getId() + " to " + subscription.getUrl() + " was paused: it "
                        + why + "\n\nIt receives nothing until you resume it with PUT /api/v1/webhook/"
                        + subscription.getId() + "/ {\"status\": \"active\"}.");
    }

    private LocalDateTime now() {
        return Timestamps.toUtc(clock.instant());
    }
}
