package dev.eventlog.delivery;

import dev.eventlog.event.Event;
import dev.eventlog.event.EventJson;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The event part of webhook bodies, kept on this node from dispatch to delivery. An event's webhook
 * JSON is final once it is dispatched (dispatch closes its consolidation burst first), and every
 * subscription that wants it gets the same bytes, so it is serialized once instead of being read
 * back from the log and serialized again for each delivery. Bounded by bytes
 * (eventlog.webhook.payload-cache-bytes); a miss (a retry hours later,
 * another node, a restart) reads the event from the database.
 */
@ApplicationScoped
public class WebhookPayloads {

    @PersistenceContext
    EntityManager em;

    @Inject
    DeliverySettings settings;

    private PayloadCache byEvent;

    @PostConstruct
    void sized() {
        byEvent = new PayloadCache(settings.payloadCacheBytes());
    }

    /**
     * Called by dispatch for each event it queued deliveries of. A redelivered dispatch (after a
     * rollback) puts the event again, so what is kept is always what its deliveries were made from.
     */
    public void remember(Event event) {
        remembered(event);
    }

    private String remembered(Event event) {
        String json = EventJson.webhookJson(event).toString();
        synchronized (byEvent) {
            byEvent.put(event.getId(), json);
        }
        return json;
    }

    /** Reads the events of a batch of deliveries that are not kept here yet, in one query. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void preload(Collection<String> eventIds) {
        List<String> missing;
        synchronized (byEvent) {
            missing = eventIds.stream().distinct().filter(id -> !byEvent.contains(id)).toList();
        }
        if (!missing.isEmpty()) {
            em.createQuery("select e from Event e where e.id in :ids", Event.class)
                    .setParameter("ids", missing).getResultList().forEach(this::remember);
        }
    }

    /** The event's webhook JSON; empty when the event is gone (past retention). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> eventJson(String eventId) {
        synchronized (byEvent) {
            String json = byEvent.get(eventId);
            if (json != null) {
                return Optional.of(json);
            }
        }
        // Read and returned as read: an event too large for the cache is still delivered.
        return em.createQuery("select e from Event e where e.id = :id", Event.class).setParameter("id", eventId)
                .getResultStream().findFirst().map(this::remembered);
    }
}
