package dev.eventlog.delivery;

import dev.eventlog.consolidation.Consolidation;
import dev.eventlog.event.Event;
import dev.eventlog.event.EventJson;
import dev.eventlog.event.ProcessingOptions;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.webhook.SubscriptionMatcher;
import dev.eventlog.webhook.SubscriptionService;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a stored event into deliveries: one backlog row per active subscription that wants it,
 * each handed to the delivery queue. Runs again harmlessly for a redelivered message: the
 * backlog's (subscription, event) key lets each pair through once.
 */
@ApplicationScoped
public class Dispatcher {

    private record CachedMatcher(LocalDateTime version, SubscriptionMatcher matcher) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    SubscriptionService subscriptions;

    @Inject
    Backlog backlog;

    @Inject
    DeliveryQueue deliveryQueue;

    @Inject
    Clock clock;

    @Inject
    Consolidation consolidation;

    /** Parsed filters, rebuilt when a subscription changes: dispatch runs for every event. */
    private final Map<String, CachedMatcher> matchers = new ConcurrentHashMap<>();

    /** @return how many deliveries were queued */
    @Transactional(Transactional.TxType.MANDATORY)
    public int dispatch(List<String> eventIds) {
        // One query for the message's events, in the order they were sent (ids are time-ordered); an id
        // no longer found (past retention) is skipped.
        List<Event> events = em.createQuery("select e from Event e where e.id in :ids order by e.id", Event.class)
                .setParameter("ids", eventIds).getResultList();
        // Updates' bursts end here: from now on, later updates become events of their own.
        consolidation.close(events);
        // One query per organization and message, not per event: dispatch runs for every event.
        Map<String, List<WebhookSubscription>> activeByOrganization = new HashMap<>();
        int queued = 0;
        for (Event event : events) {
            queued += dispatch(event, activeByOrganization.computeIfAbsent(event.getOrganizationId(), subscriptions::activeFor));
        }
        return queued;
    }

    private int dispatch(Event event, List<WebhookSubscription> active) {
        ProcessingOptions options = ProcessingOptions.of(event);
        if (!options.visibleTo(ProcessingOptions.CONSUMER_WEBHOOKS)) {
            return 0;
        }
        if (active.isEmpty()) {
            return 0;
        }
        JsonObject json = EventJson.publicJson(event, true);
        LocalDateTime now = Timestamps.toUtc(clock.instant());
        int queued = 0;
        for (WebhookSubscription subscription : active) {
            if (matcher(subscription).matches(json)) {
                String deliveryId = backlog.enqueue(subscription.getId(), event.getId(), now);
                if (deliveryId != null) {
                    deliveryQueue.send(deliveryId, options.jmsPriority());
                    queued++;
                }
            }
        }
        return queued;
    }

    private SubscriptionMatcher matcher(WebhookSubscription subscription) {
        CachedMatcher cached = matchers.get(subscription.getId());
        if (cached == null || !cached.version().equals(subscription.getDateUpdated())) {
            cached = new CachedMatcher(subscription.getDateUpdated(), new SubscriptionMatcher(subscription.getEvents()));
            matchers.put(subscription.getId(), cached);
        }
        return cached.matcher();
    }
}
