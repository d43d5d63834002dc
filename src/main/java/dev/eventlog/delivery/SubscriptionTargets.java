package dev.eventlog.delivery;

import dev.eventlog.security.AppUser;
import dev.eventlog.security.Role;
import dev.eventlog.webhook.WebhookSubscription;
import dev.eventlog.webhook.SubscriptionsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where and how to send a subscription's deliveries, read at most once a second per subscription
 * instead of once per delivery. A claim already checks in the database that the subscription is
 * active; this view decides only for deliveries claimed a moment ago, so a pause, a new URL, a new
 * key or a deletion reaches them within {@link #FRESH_FOR} (at once when made on this node).
 */
@ApplicationScoped
public class SubscriptionTargets {

    static final Duration FRESH_FOR = Duration.ofSeconds(1);

    /**
     * What a delivery needs of its subscription. {@code creatorIsAdmin}: whether the user who
     * created it may read every event's snapshots (WebhookRequests gives others what the Event Log
     * API would show them); a role change reaches deliveries within {@link #FRESH_FOR}.
     */
    record Target(String id, String url, boolean verifySsl, Keys keys, boolean active, boolean creatorIsAdmin,
                  long readAtNanos) {
    }

    /**
     * How its deliveries are signed: the scheme, the current key and its generation, and the
     * previous key while its grace lasts (null otherwise or after {@code previousUntil}).
     */
    record Keys(String scheme, String current, int generation, String previous, LocalDateTime previousUntil) {

        /** The previous key if it still signs at {@code now}. */
        String previousAt(LocalDateTime now) {
            return previous != null && previousUntil.isAfter(now) ? previous : null;
        }
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
        Keys keys = new Keys(subscription.getSignatureScheme(), subscription.getSignatureKey(), subscription.getKeyGeneration(),
                subscription.getPreviousSignatureKey(), subscription.getPreviousKeyExpiresAt());
        Target target = new Target(subscription.getId(), subscription.getUrl(), subscription.isVerifySsl(),
                keys, subscription.isActive(), creatorIsAdmin, now);
        byId.put(subscriptionId, target);
        return Optional.of(target);
    }

    /**
     * A change made on this node (a new URL, a rotated key, a pause) reaches its deliveries at once,
     * not a second later; other nodes' changes within {@link #FRESH_FOR}.
     */
    void changed(@Observes(during = TransactionPhase.AFTER_COMPLETION) SubscriptionsChanged change) {
        byId.clear();
    }

    public boolean isActive(String subscriptionId) {
        return get(subscriptionId).map(Target::active).orElse(false);
    }
}
