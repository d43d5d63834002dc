package dev.eventlog.dispatch;

import dev.eventlog.consolidation.Consolidation;
import dev.eventlog.delivery.Backlog;
import dev.eventlog.delivery.DeliveryQueue;
import dev.eventlog.delivery.FirstAttempts;
import dev.eventlog.delivery.WebhookPayloads;
import dev.eventlog.event.Event;
import dev.eventlog.event.EventJson;
import dev.eventlog.event.ProcessingOptions;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.webhook.SubscriptionMatcher;
import dev.eventlog.webhook.ActiveSubscriptions;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Turns stored events into deliveries: one backlog row per active subscription that wants an
 * event, all of a message written in one statement, started by this node once the transaction
 * commits or, for subscriptions it has no share of, handed to the delivery queue in one message
 * per subscription. Delayed events come from the dispatch queue; the others are
 * dispatched by ingest as it stores them. Runs again harmlessly for a redelivered message: the
 * backlog's (subscription, event) key lets each pair through once.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    private record CachedMatcher(LocalDateTime version, SubscriptionMatcher matcher) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    ActiveSubscriptions subscriptions;

    @Inject
    Backlog backlog;

    @Inject
    DeliveryQueue deliveryQueue;

    @Inject
    FirstAttempts firstAttempts;

    @Inject
    Clock clock;

    @Inject
    Consolidation consolidation;

    @Inject
    WebhookPayloads payloads;

    @Inject
    OwedDispatches owed;

    /** Parsed filters, rebuilt when a subscription changes: dispatch runs for every event. */
    private final Map<String, CachedMatcher> matchers = new ConcurrentHashMap<>();

    /**
     * The same as {@link #dispatch}, in a transaction of its own: for a message that failed once
     * (see CarefulDispatch).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int dispatchApart(List<String> eventIds, Set<String> organizations) {
        return dispatch(eventIds, organizations);
    }

    /**
     * Dispatches, in a transaction of its own, up to {@code limit} owed events that should have gone
     * out before {@code dueBefore} (their dispatch message was lost or is very late; DispatchSweep).
     *
     * @return how many owed events it dispatched
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int dispatchOverdue(LocalDateTime dueBefore, int limit) {
        List<String> eventIds = owed.claimOverdue(dueBefore, limit);
        if (!eventIds.isEmpty()) {
            dispatch(eventIds, null);
        }
        return eventIds.size();
    }

    /**
     * @param organizations when the message says its events close no burst: their organizations,
     *                      so that the events are not even read when none of them has a subscription
     * @return how many deliveries were queued
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int dispatch(List<String> eventIds, Set<String> organizations) {
        // Settled first, with nothing to send too: the record of what is owed commits with the dispatch.
        owed.settle(eventIds);
        if (organizations != null && !subscriptions.anyIn(organizations)) {
            return 0;
        }
        // One query for the message's events, in the order they were sent (ids are time-ordered); an id
        // no longer found (past retention) is skipped.
        @SuppressWarnings("unchecked") // a native query for an entity class returns that class
        List<Event> events = em.createNativeQuery("SELECT * FROM event "
                        + "WHERE id = ANY (string_to_array(CAST(?1 AS text), ',') COLLATE \"C\") ORDER BY id", Event.class)
                .setParameter(1, String.join(",", eventIds)).getResultList();
        // Updates' bursts end here: from now on, later updates become events of their own.
        consolidation.close(events);
        return offer(events);
    }

    /**
     * Dispatches events in the transaction that has just stored them: those that go out at once
     * (not updates or deletes, DESIGN §3) are final when stored, and a dispatch message would only
     * carry them to a second transaction that reads them back. One JMS hop less on the way of
     * every created event.
     *
     * @return how many deliveries were queued
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int dispatchStored(List<Event> events) {
        if (events.isEmpty() || !subscriptions.anyIn(events.stream().map(Event::getOrganizationId).collect(Collectors.toSet()))) {
            return 0;
        }
        return offer(events);
    }

    /**
     * The deliveries the events need, written in one statement. Those this node can start are
     * written claimed and started once the transaction commits (FirstAttempts); the others go to
     * the delivery queue, in one message per subscription.
     */
    private int offer(List<Event> events) {
        List<Backlog.Wanted> wanted = new ArrayList<>();
        for (Event event : events) {
            List<WebhookSubscription> active = subscriptions.of(event.getOrganizationId());
            try {
                wanted.addAll(wanted(event, active));
            } catch (RuntimeException e) {
                // What is computed from the event alone (options, JSON) fails again on any retry:
                // the event is skipped, and the message's other events go out.
                LOG.log(Level.WARNING, "Event " + event.getId() + " is not sent to webhooks: it cannot be read as JSON", e);
            }
        }
        LocalDateTime now = Timestamps.toUtc(clock.instant());
        List<Backlog.Enqueued> enqueued = backlog.enqueue(wanted, now,
                firstAttempts.startableHere(wanted.stream().map(Backlog.Wanted::subscriptionId).collect(Collectors.toSet())),
                firstAttempts.leaseUntil(now));
        firstAttempts.startAfterCommit(enqueued.stream().filter(Backlog.Enqueued::leased).map(Backlog.Enqueued::claimed).toList());
        // One delivery message per subscription and priority, claimed in one statement by its consumer.
        record Batch(String subscriptionId, int priority) {
        }
        enqueued.stream().filter(e -> !e.leased()).collect(Collectors.groupingBy(e -> new Batch(e.subscriptionId(), e.priority()),
                        LinkedHashMap::new, Collectors.mapping(Backlog.Enqueued::id, Collectors.toList())))
                .forEach((batch, ids) -> deliveryQueue.send(ids, batch.priority()));
        return enqueued.size();
    }

    /** The deliveries {@code event} needs; its webhook JSON is kept for them (WebhookPayloads). */
    private List<Backlog.Wanted> wanted(Event event, List<WebhookSubscription> active) {
        ProcessingOptions options = ProcessingOptions.of(event);
        if (active.isEmpty() || !options.visibleTo(ProcessingOptions.CONSUMER_WEBHOOKS)) {
            return List.of();
        }
        JsonObject json = EventJson.publicJson(event, true);
        List<Backlog.Wanted> wanted = new ArrayList<>();
        for (WebhookSubscription subscription : active) {
            try {
                if (matcher(subscription).matches(json)) {
                    wanted.add(new Backlog.Wanted(subscription.getId(), event.getId(), options.jmsPriority()));
                }
            } catch (RuntimeException e) {
                // Matching is a function of the event and the subscription's filter alone: what it
                // throws it throws again. Failing closed (as SubscriptionMatcher does for a filter
                // that no longer parses) costs this pair, not the message.
                LOG.log(Level.WARNING, "Event " + event.getId() + " is not sent to " + subscription.getId()
                        + ": its extra_filter cannot be applied", e);
            }
        }
        if (!wanted.isEmpty()) {
            payloads.remember(event);
        }
        return wanted;
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
