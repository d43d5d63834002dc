package dev.eventlog.delivery;

import dev.eventlog.security.AppUser;
import dev.eventlog.security.Role;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where and how to send a subscription's deliveries, read at most once a second per subscription
 * instead of once per delivery. A claim already checks in the database that the subscription is
 * active; this view decides only for deliveries claimed a moment ago, so a pause, a new URL or a
 * deletion reaches them within {@link #FRESH_FOR}.
 */
@ApplicationScoped
public class SubscriptionTargets {

    static final Duration FRESH_FOR = Duration.ofSeconds(1);

    /**
     * What a delivery needs of its subscription. {@code creatorIsAdmin}: whether the user who
     * created it may read every event's snapshots (WebhookRequests gives others what the Event Log
     * API would show them); a role change reaches deliveries within {@link #FRESH_FOR}.
     */
    record Target(String id, String url, boolean verifySsl, String signatureKey, boolean active, boolean creatorIsAdmin,
                  long readAtNanos) {
    }

    @PersistenceContext
    EntityManager em;

    private final Map<String, Target> byId = new ConcurrentHashMap<>();

    /** Empty when the subscription no longer exists. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Target> get(String subscriptionId) {
        long now = System.nanoTime();
        Target known = byId.get(subscriptionId);
        if (known != null && now - known.readAtNanos() < FRESH_FOR.toNanos()) {
            return Optional.of(known);
        }
        WebhookSubscription subscription = em.find(WebhookSubscription.class, subscriptionId);
        if (subscription == null) {
            byId.remove(subscriptionId);
            return Optional.empty();
        }
        AppUser creator = subscription.getCreatedBy() == null ? null : em.find(AppUser.class, subscription.getCreatedBy());
        boolean creatorIsAdmin = creator != null && creator.isActive() && creator.getRole() == Role.ADMIN;
        Target target = new Target(subscription.getId(), subscription.getUrl(), subscription.isVerifySsl(),
                subscription.getSignatureKey(), subscription.isActive(), creatorIsAdmin, now);
        byId.put(subscriptionId, target);
        return Optional.of(target);
    }

    public boolean isActive(String subscriptionId) {
        return get(subscriptionId).map(Target::active).orElse(false);
    }
}
