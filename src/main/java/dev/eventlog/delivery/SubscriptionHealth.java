package dev.eventlog.delivery;

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

/**
 * Watches every active subscription: a backlog past the warning mails the admins, past the limit
 * pauses the subscription and clears its backlog; a subscription whose every attempt has failed
 * for one and two days is warned about, and paused at three. Admins are mailed on every pause.
 */
@ApplicationScoped
public class SubscriptionHealth {

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

    @Transactional
    public void check() {
        LocalDateTime now = Timestamps.toUtc(clock.instant());
        Map<String, Long> pending = backlog.pendingBySubscription();
        // Locked, and skipped when another node is checking them: each warning goes out once.
        // NO KEY UPDATE, not UPDATE: every delivery and attempt row holds a KEY SHARE lock on its
        // subscription (foreign key), and a plain FOR UPDATE would skip exactly the busiest ones.
        @SuppressWarnings("unchecked")
        List<String> active = em.createNativeQuery("SELECT id FROM webhook_subscription WHERE status = 'active' "
                + "ORDER BY id FOR NO KEY UPDATE SKIP LOCKED").getResultList();
        for (String id : active) {
            WebhookSubscription subscription = em.find(WebhookSubscription.class, id);
            checkBacklog(subscription, pending.getOrDefault(subscription.getId(), 0L), now);
            if (subscription.isActive()) {
                checkFailures(subscription, now);
            }
        }
        // Finished deliveries only guard against dispatching an event twice; a few days is plenty.
        backlog.purgeFinished(now.minusDays(4));
    }

    private void checkBacklog(WebhookSubscription subscription, long pending, LocalDateTime now) {
        if (pending >= settings.backlogPause()) {
            int cleared = backlog.dropPending(subscription.getId());
            steps.pause(subscription.getId(), "backlog", now, "had " + pending + " undelivered events, the limit is "
                    + settings.backlogPause() + ". Those " + cleared + " events will not be delivered.");
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
