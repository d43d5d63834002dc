package dev.eventlog.redelivery;

import dev.eventlog.attempt.AttemptLog;
import dev.eventlog.delivery.Backlog;
import dev.eventlog.delivery.DeliveryQueue;
import dev.eventlog.event.Event;
import dev.eventlog.event.EventJson;
import dev.eventlog.event.ProcessingOptions;
import dev.eventlog.platform.id.Ids;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.webhook.SubscriptionMatcher;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One step of a recovery, in a transaction of its own that holds the recovery's row lock (so two
 * nodes never take the same step): the next batch of the window's events, those the subscription
 * wants and has not received queued on the delivery queue below live traffic's priority. A
 * recovery takes no step while {@code eventlog.webhook.recovery-outstanding} of its deliveries
 * are pending (a step may pass it by less than a batch): it goes on only as fast as the receiver takes them, and a slow receiver's recovery waits
 * instead of piling up a backlog.
 */
@ApplicationScoped
public class RecoveryStep {

    private static final Logger LOG = Logger.getLogger(RecoveryStep.class.getName());

    /**
     * Below every live event (JMS priority 4, or 0 for "low" ones, which share it): Artemis hands
     * out higher priorities first, so live deliveries overtake a recovery's on the queue.
     */
    static final int PRIORITY = 0;

    /** Deliveries per delivery message, as dispatch's are claimed in one statement. */
    private static final int PER_MESSAGE = 100;

    @PersistenceContext
    EntityManager em;

    @Inject
    Backlog backlog;

    @Inject
    AttemptLog attempts;

    @Inject
    DeliveryQueue queue;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "eventlog.webhook.recovery-batch", defaultValue = "500")
    int batch;

    @Inject
    @ConfigProperty(name = "eventlog.webhook.recovery-outstanding", defaultValue = "2000")
    int outstanding;

    /** @return whether another step of it can be taken right away */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean step(String recoveryId) {
        if (em.createNativeQuery("SELECT id FROM webhook_recovery WHERE id = ?1 AND " + Recovery.UNFINISHED + " "
                + "FOR UPDATE SKIP LOCKED").setParameter(1, recoveryId).getResultList().isEmpty()) {
            return false; // over, or another node is taking this step
        }
        Recovery recovery = em.find(Recovery.class, recoveryId);
        LocalDateTime now = Timestamps.toUtc(clock.instant());
        WebhookSubscription subscription = em.find(WebhookSubscription.class, recovery.getSubscriptionId());
        if (subscription == null || subscription.isDeleted()) {
            end(recovery, Recovery.STOPPED, "The subscription was deleted.", now);
            return false;
        }
        if (!subscription.isActive()) {
            // Its pending deliveries go with the paused backlog; a new recovery after the resume
            // sends them, and nothing this one delivered.
            end(recovery, Recovery.STOPPED, "The subscription was paused: resume it and start a new recovery.", now);
            return false;
        }
        long pending = backlog.pendingOf(recoveryId);
        if (!recovery.isScanning()) {
            if (pending == 0) {
                end(recovery, Recovery.FINISHED, null, now);
            }
            return false;
        }
        if (pending >= outstanding) {
            return false;
        }
        List<Event> events = nextEvents(recovery, subscription);
        if (events.isEmpty()) {
            recovery.scanDone();
            return true;
        }
        Batch done = queue(recovery, subscription, events, now);
        Event last = events.get(events.size() - 1);
        recovery.scannedBatch(last.getDateUpdated(), last.getId(), events.size(), done.matched(), done.queued());
        if (events.size() < batch) {
            recovery.scanDone();
        }
        return pending + done.queued() < outstanding;
    }

    /** Of a batch of events: how many the subscription wants, and how many deliveries were queued. */
    private record Batch(int matched, int queued) {
    }

    /**
     * The next batch of the window, in (date_updated, id) order through event_org_updated. An event
     * whose dispatch is still owed (its consolidation burst is open) is passed over: dispatch sends
     * it, in its final form.
     */
    private List<Event> nextEvents(Recovery recovery, WebhookSubscription subscription) {
        @SuppressWarnings("unchecked") // a native query for an entity class returns that class
        List<Event> events = em.createNativeQuery("SELECT * FROM event e WHERE e.organization_id = ?1 "
                        + "AND e.date_updated < ?2 AND e.date_created < ?2 AND (e.date_updated, e.id) > (?3, ?4) "
                        + "ORDER BY e.date_updated, e.id LIMIT ?5", Event.class)
                .setParameter(1, subscription.getOrganizationId())
                .setParameter(2, recovery.getUntil())
                .setParameter(3, recovery.getCursorUpdated() != null ? recovery.getCursorUpdated() : recovery.getSince())
                .setParameter(4, recovery.getCursorId() != null ? recovery.getCursorId() : "")
                .setParameter(5, batch)
                // Only read: Hibernate keeps no snapshot of 500 events to compare at the commit (a hint
                // by name, which another JPA provider ignores).
                .setHint("org.hibernate.readOnly", true)
                .getResultList();
        return events;
    }

    private Batch queue(Recovery recovery, WebhookSubscription subscription, List<Event> events, LocalDateTime now) {
        Set<String> owed = owed(events);
        SubscriptionMatcher matcher = new SubscriptionMatcher(subscription.getEvents());
        List<String> wanted = new ArrayList<>();
        for (Event event : events) {
            if (!owed.contains(event.getId()) && wants(matcher, event)) {
                wanted.add(event.getId());
            }
        }
        int matched = wanted.size();
        if (!recovery.isIncludeDelivered()) {
            Set<String> received = attempts.delivered(subscription.getId(), wanted);
            wanted.removeIf(received::contains);
        }
        List<String> ids = wanted.stream().map(e -> Ids.newId("whdel_", clock)).toList();
        List<String> queued = backlog.requeue(subscription.getId(), ids, wanted, recovery.getId(),
                recovery.isIncludeDelivered(), now);
        for (int i = 0; i < queued.size(); i += PER_MESSAGE) {
            queue.send(queued.subList(i, Math.min(queued.size(), i + PER_MESSAGE)), PRIORITY);
        }
        return new Batch(matched, queued.size());
    }

    /** As dispatch decides: visible to webhooks, and matched by the subscription's events list. */
    private static boolean wants(SubscriptionMatcher matcher, Event event) {
        try {
            return ProcessingOptions.of(event).visibleTo(ProcessingOptions.CONSUMER_WEBHOOKS)
                    && matcher.matches(EventJson.publicJson(event, true));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Event " + event.getId() + " is not recovered: it cannot be read as JSON", e);
            return false;
        }
    }

    private Set<String> owed(List<Event> events) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT event_id FROM dispatch_owed "
                        + "WHERE event_id = ANY (string_to_array(CAST(?1 AS text), ',') COLLATE \"C\")")
                .setParameter(1, String.join(",", events.stream().map(Event::getId).toList())).getResultList();
        return Set.copyOf(rows);
    }

    private void end(Recovery recovery, String status, String reason, LocalDateTime now) {
        Backlog.Outcomes outcomes = backlog.outcomesOf(recovery.getId());
        recovery.end(status, reason, outcomes.delivered(), outcomes.dropped(), now);
    }
}
