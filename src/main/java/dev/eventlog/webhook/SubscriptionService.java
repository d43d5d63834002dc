package dev.eventlog.webhook;

import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.id.Ids;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.security.AppUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Subscriptions of one organization. Admins manage all of them, users only those they created;
 * another organization's subscription is reported as unknown (404), never as forbidden.
 */
@ApplicationScoped
@Transactional
public class SubscriptionService {

    /** Who asks: the boundary passes the caller's identity in, the service never reads the request. */
    public record Actor(String organizationId, String userId, boolean admin) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    WebhookSettings settings;

    @Inject
    jakarta.enterprise.event.Event<SubscriptionsChanged> changed;

    @Inject
    jakarta.enterprise.event.Event<SubscriptionDeleted> deleted;

    @Inject
    WebhookTargets targets;

    public WebhookTargets targets() {
        return targets;
    }

    public WebhookSubscription create(Actor actor, SubscriptionRequest request) {
        checkLimits(actor.organizationId(), request.url());
        LocalDateTime now = now();
        WebhookSubscription sub = new WebhookSubscription();
        sub.setId(Ids.newId("whsub_", clock));
        sub.setOrganizationId(actor.organizationId());
        sub.setUrl(request.url());
        sub.setEvents(request.events());
        sub.setVerifySsl(request.verifySsl() == null || request.verifySsl());
        sub.setSignatureKey(WebhookSignature.newSignatureKey());
        if (request.signatureScheme() != null) {
            sub.setSignatureScheme(request.signatureScheme());
        }
        sub.setCreatedBy(actor.userId());
        sub.setDateCreated(now);
        sub.touch(actor.userId(), now);
        em.persist(sub);
        changed.fire(new SubscriptionsChanged(sub.getOrganizationId()));
        return sub;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WebhookSubscription> list(Actor actor) {
        String jpql = "select s from WebhookSubscription s where s.organizationId = :org"
                + " and s.dateDeleted is null" + (actor.admin() ? "" : " and s.createdBy = :user") + " order by s.id";
        var query = em.createQuery(jpql, WebhookSubscription.class).setParameter("org", actor.organizationId());
        if (!actor.admin()) {
            query.setParameter("user", actor.userId());
        }
        return query.getResultList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public WebhookSubscription get(Actor actor, String id) {
        WebhookSubscription sub = em.find(WebhookSubscription.class, id);
        if (sub == null || !sub.getOrganizationId().equals(actor.organizationId()) || sub.isDeleted()) {
            throw ApiException.notFound();
        }
        if (!actor.admin() && !actor.userId().equals(sub.getCreatedBy())) {
            throw ApiException.forbidden("Only admins can manage other users' webhook subscriptions.");
        }
        return sub;
    }

    /**
     * Applies the fields the request names to the subscription as it is once locked: a change
     * committed meanwhile (the health check pausing it, say) is waited for and kept, never undone
     * from the state read before the lock. A write that still finds its version changed is a 409.
     */
    public WebhookSubscription update(Actor actor, String id, SubscriptionRequest request) {
        WebhookSubscription sub = get(actor, id);
        em.refresh(sub, LockModeType.PESSIMISTIC_WRITE);
        LocalDateTime now = now();
        if (request.url() != null && !request.url().equals(sub.getUrl())) {
            boolean wasAutomation = settings.isAutomationPlatform(sub.getUrl());
            if (wasAutomation && !settings.isAutomationPlatform(request.url())) {
                checkLimits(actor.organizationId(), request.url());
            }
            sub.setUrl(request.url());
        }
        if (request.events() != null) {
            sub.setEvents(request.events());
        }
        if (request.verifySsl() != null) {
            sub.setVerifySsl(request.verifySsl());
        }
        if (request.signatureScheme() != null) {
            sub.setSignatureScheme(request.signatureScheme());
        }
        if (WebhookSubscription.ACTIVE.equals(request.status()) && !sub.isActive()) {
            refuseIfCreatorDeactivated(sub);
            sub.activate(actor.userId(), now);
        } else if (WebhookSubscription.PAUSED.equals(request.status()) && sub.isActive()) {
            sub.pause("api", actor.userId(), now);
        }
        sub.touch(actor.userId(), now);
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            throw new ApiException(409,
                    "The webhook subscription was changed at the same time; read it again and retry.");
        }
        changed.fire(new SubscriptionsChanged(sub.getOrganizationId()));
        return sub;
    }

    /**
     * A new signing key, with the previous one still signing for {@code grace} (zero: replaced at
     * once). Under the row's lock, like any change, so two rotations at once make two generations.
     */
    public WebhookSubscription rotateSecret(Actor actor, String id, java.time.Duration grace) {
        WebhookSubscription sub = get(actor, id);
        em.refresh(sub, LockModeType.PESSIMISTIC_WRITE);
        LocalDateTime now = now();
        sub.rotateKey(WebhookSignature.newSignatureKey(), now, now.plus(grace));
        sub.touch(actor.userId(), now);
        em.flush();
        changed.fire(new SubscriptionsChanged(sub.getOrganizationId()));
        return sub;
    }

    /**
     * Deletes at once as far as anyone can see (hidden, paused: no dispatch, no claim), and leaves
     * the rows to a cleanup after the commit: one DELETE cascading over a busy subscription's
     * deliveries and attempts held their locks for minutes and waited behind every claim.
     */
    public void delete(Actor actor, String id) {
        WebhookSubscription sub = get(actor, id);
        em.refresh(sub, LockModeType.PESSIMISTIC_WRITE); // its version as of the lock, or the delete is refused as stale
        sub.markDeleted(actor.userId(), now());
        changed.fire(new SubscriptionsChanged(sub.getOrganizationId()));
        deleted.fire(new SubscriptionDeleted(sub.getId()));
    }

    /** Its deliveries would go out in the name of an account that was closed (CreatorDeactivation). */
    private void refuseIfCreatorDeactivated(WebhookSubscription sub) {
        AppUser creator = sub.getCreatedBy() == null ? null : em.find(AppUser.class, sub.getCreatedBy());
        if (creator != null && !creator.isActive()) {
            throw new ApiException(409, "This subscription's creator is deactivated; create a new subscription instead.");
        }
    }

    /** Up to 40 of any kind, and up to 500 in all when the others go to automation platforms. */
    private void checkLimits(String organizationId, String newUrl) {
        // Serialises concurrent creates of one organization, so two cannot both squeeze under a limit.
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(CAST(?1 AS text), 1))")
                .setParameter(1, organizationId).getSingleResult();
        List<String> urls = em.createQuery("select s.url from WebhookSubscription s where s.organizationId = :org "
                        + "and s.dateDeleted is null", String.class)
                .setParameter("org", organizationId).getResultList();
        long ordinary = urls.stream().filter(u -> !settings.isAutomationPlatform(u)).count();
        boolean newIsAutomation = settings.isAutomationPlatform(newUrl);
        if (urls.size() + 1 > settings.maxWithAutomation()) {
            throw ApiException.badRequest("An organization can have at most " + settings.maxWithAutomation()
                    + " webhook subscriptions.");
        }
        if (!newIsAutomation && ordinary + 1 > settings.maxPerOrganization()) {
            throw ApiException.badRequest("An organization can have at most " + settings.maxPerOrganization()
                    + " webhook subscriptions (more only for automation platforms such as Zapier).");
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WebhookSubscription> activeFor(String organizationId) {
        return em.createQuery("select s from WebhookSubscription s where s.organizationId = :org and s.status = :active",
                        WebhookSubscription.class)
                .setParameter("org", organizationId).setParameter("active", WebhookSubscription.ACTIVE)
                .getResultList();
    }

    /**
     * To the microsecond PostgreSQL keeps: the answer that creates a row shows this value, and a
     * finer one is rounded when stored, so a later read could differ from it by a microsecond.
     */
    private LocalDateTime now() {
        return Timestamps.truncate(Timestamps.toUtc(clock.instant()));
    }
}
