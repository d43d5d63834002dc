package dev.eventlog.webhook;

import dev.eventlog.security.UserDeactivated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * A deactivated user's subscriptions stop with them, in the deactivation's own transaction: they
 * are paused with {@code pause_reason: "creator_deactivated"}, so that nobody keeps receiving the
 * organization's events through an account that was closed. They are paused rather than deleted:
 * an admin sees them, can move the target to a subscription of their own, or delete them.
 */
@ApplicationScoped
public class CreatorDeactivation {

    public static final String PAUSE_REASON = "creator_deactivated";

    @PersistenceContext
    EntityManager em;

    @Inject
    jakarta.enterprise.event.Event<SubscriptionsChanged> changed;

    /** A synchronous observer: runs in the transaction that fired the event, and fails it if it fails. */
    void pauseSubscriptionsOf(@Observes UserDeactivated deactivated) {
        List<WebhookSubscription> active = em.createQuery("select s from WebhookSubscription s "
                        + "where s.organizationId = :org and s.createdBy = :user and s.status = :active", WebhookSubscription.class)
                .setParameter("org", deactivated.organizationId()).setParameter("user", deactivated.userId())
                .setParameter("active", WebhookSubscription.ACTIVE)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        active.forEach(s -> s.pause(PAUSE_REASON, deactivated.byUserId(), deactivated.at()));
        if (!active.isEmpty()) {
            changed.fire(new SubscriptionsChanged(deactivated.organizationId()));
        }
    }
}
