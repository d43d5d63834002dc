package dev.eventlog.health;

import dev.eventlog.delivery.Backlog;
import dev.eventlog.delivery.DeliverySettings;
import dev.eventlog.delivery.DeliverySteps;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches every active subscription: a backlog past the warning mails the admins, past the limit
 * pauses the subscription and clears its backlog; a subscription whose every attempt has failed
 * for one and two days is warned about, and paused at three. Admins are mailed on every pause.
 */
@ApplicationScoped
public class SubscriptionHealth {

    private static final Logger LOG = Logger.getLogger(SubscriptionHealth.class.getName());

    /** What one run of the check did: subscriptions checked, and those whose check failed. */
    public record Round(int checked, int failed) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Backlog backlog;

    @Inject
    DeliverySteps steps;

    @Inject
    AdminMailer mailer;

    @Inject
    DeliverySettings settings;

    @Inject
    Clock clock;

    @Inject
    jakarta.enterprise.event.Event<BacklogDropped> backlogDropped;

    /** The health check's own proxy, so each subscription is checked in a transaction of its own. */
    @Inject
    SubscriptionHealth self;

    /**
     * One transaction per subscription: with all of them in one transaction (as first written) 40
     * pauses of 100,000-row backlogs ran past the transaction timeout and rolled back together, so
     * none was paused (benchmark P6). The backlogs themselves are dropped after each pause, in
     * batches (SubscriptionCleanup). A subscription whose check fails (its transaction rolls back)
     * is logged, counted and checked again next time; it used to end the run, so every
     * subscription after it went unchecked.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Round check() {
        LocalDateTime now = Timestamps.toUtc(clock.instant());
        Map<String, Long> pending = self.pending();
        List<String> active = self.activeSubscriptions();
        int failed = 0;
        for (String id : active) {
            try {
                self.check(id, pending.getOrDefault(id, 0L), now);
            } catch (Exception e) { // a commit that fails may surface as a checked RollbackException
                failed++;
                LOG.log(Level.WARNING, "Health check of webhook subscription " + id + " failed; checking the others", e);
            }
        }
        if (failed > 0) {
            LOG.warning("Health check: " + failed + " of " + active.size() + " subscriptions could not be checked");
        }
        // Finished deliveries only guard against dispatching an event twice; a few days is plenty.
        self.purgeFinished(now.minusDays(4));
        return new Round(active.size(), failed);
    }

    @Transactional
    public Map<String, Long> pending() {
        return backlog.pendingBySubscription();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> activeSubscriptions() {
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery("SELECT id FROM webhook_subscription WHERE status = 'active' ORDER BY id")
                .getResultList();
        return ids;
    }

    @Transactional
    public void purgeFinished(LocalDateTime before) {
        backlog.purgeFinished(before);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void check(String subscriptionId, long pending, LocalDateTime now) {
        // Locked, and skipped when another node is checking it: each warning goes out once.
        // NO KEY UPDATE, not UPDATE: every delivery and attempt row holds a KEY SHARE lock on its
        // subscription (foreign key), and a plain FOR UPDATE would skip exactly the busiest ones.
        List<?> locked = em.createNativeQuery("SELECT id FROM webhook_subscription WHERE id = ?1 AND status = 'active' "
                + "FOR NO KEY UPDATE SKIP LOCKED").setParameter(1, subscriptionId).getResultList();
        if (locked.isEmpty()) {
            return;
        }
        WebhookSubscription subscription = em.find(WebhookSubscription.class, subscriptionId);
        checkBacklog(subscription, pending, now);
        if (subscription.isActive()) {
            checkFailures(subscription, now);
        }
    }

    private void checkBacklog(WebhookSubscription subscription, long pending, LocalDateTime now) {
        if (pending >= settings.backlogPause()) {
            // Only the pause here; SubscriptionCleanup drops the backlog after the commit, in batches.
            steps.pause(subscription.getId(), "backlog", now, "had " + pending + " undelivered events, the limit is "
                    + settings.backlogPause() + ". Those " + pending + " events will not be delivered.");
            backlogDropped.fire(new BacklogDropped(subscription.getId()));
        } else if (pending > settings.backlogWarning() && !subscription.isBacklogWarned()) {
            subscription.setBacklogWarned(true);
            mail(subscription, "Webhook falling behind: " + subscription.getUrl(), "has " + pending
                    + " undelivered events. At " + settings.backlogPause() + " it will be paused and they will be dropped.");
        } else if (pending <= settings.backlogWarning() && subscription.isBacklogWarned()) {
            subscription.setBacklogWarned(false);
        }
    }

    private void checkFailures(WebhookSubscription subscription, LocalDateTime now) {
        if (subscription.getFailingSince() == null) {
            return;
        }
        Duration failing = Duration.between(subscription.getFailingSince(), now);
        Duration pauseAt = settings.failingPause();
        if (failing.compareTo(pauseAt) >= 0) {
            steps.pause(subscription.getId(), "failing", now, "has failed every delivery since "
                    + Timestamps.format(subscription.getFailingSince()) + " UTC (latest error: "
                    + subscription.getLatestError() + ").");
            return;
        }
        // One warning per full day of failures before the pause (after 1 and 2 days by default).
        int due = (int) Math.min(failing.toDays(), pauseAt.toDays() - 1);
        if (due > subscription.getFailureWarningsSent()) {
            subscription.setFailureWarningsSent(due);
            long daysLeft = pauseAt.minus(failing).toHours() / 24 + 1;
            mail(subscription, "Webhook failing: " + subscription.getUrl(), "has failed every delivery for "
                    + failing.toDays() + " day(s) (latest error: " + subscription.getLatestError()
                    + "). It will be paused if it keeps failing for about " + daysLeft + " more day(s).");
        }
    }

    private void mail(WebhookSubscription subscription, String subject, String what) {
        mailer.toAdmins(subscription.getOrganizationId(), subject,
                "Your webhook subscription " + subscription.getId() + " to " + subscription.getUrl() + " " + what);
    }
}
