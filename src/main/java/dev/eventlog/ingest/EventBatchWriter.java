package dev.eventlog.ingest;

import dev.eventlog.consolidation.DispatchDelay;
import dev.eventlog.dispatch.DispatchHints;
import dev.eventlog.dispatch.Dispatcher;
import dev.eventlog.dispatch.OwedDispatches;
import dev.eventlog.event.Event;
import dev.eventlog.event.ProcessingOptions;
import dev.eventlog.platform.jms.Destinations;
import dev.eventlog.platform.time.Timestamps;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Stores a batch of events and dispatches them, in a transaction of its own: the events' rows,
 * their backlog rows and their dispatch messages commit together or not at all. Its own, and not
 * the ingest message's, so that a batch that fails on bad data can be tried again in parts within
 * the same delivery of the message (IngestService).
 *
 * <p>The delayed dispatch messages are the last resource of a non-XA transaction: the database may
 * commit and the broker not (a crash between the two, a lost commit reply), and the redelivered
 * ingest message then finds its events stored. So what is owed is also written to the database,
 * with the events (OwedDispatches); the dispatch deletes it, and a sweep sends what is left.
 */
@ApplicationScoped
public class EventBatchWriter {

    @Inject
    EventStore store;

    @Inject
    DispatchDelay dispatchDelay;

    @Inject
    Dispatcher dispatcher;

    @Inject
    OwedDispatches owed;

    @Inject
    Clock clock;

    @Inject
    JMSContext jms;

    @Resource(lookup = Destinations.DISPATCH)
    Queue dispatchQueue;

    private record DispatchMessage(long delayMillis, int priority) {
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public EventStore.Stored write(List<Event> events) {
        EventStore.Stored stored = store.store(events);
        // Dispatch commits with the rows: a stored event is always offered to webhooks. Events that
        // go out at once are dispatched right here; the others wait in the dispatch queue, one
        // message per (delay, priority) rather than per event, because the broker persists and
        // acknowledges every message.
        List<Event> now = new ArrayList<>();
        Map<DispatchMessage, List<Event>> groups = new LinkedHashMap<>();
        Map<String, LocalDateTime> dueByEventId = new LinkedHashMap<>();
        LocalDateTime storedAt = Timestamps.toUtc(clock.instant());
        for (Event event : stored.created()) {
            long delay = dispatchDelay.of(event).toMillis();
            if (delay == 0) {
                now.add(event);
            } else {
                groups.computeIfAbsent(new DispatchMessage(delay, ProcessingOptions.of(event).jmsPriority()),
                        k -> new ArrayList<>()).add(event);
                dueByEventId.put(event.getId(), storedAt.plusNanos(delay * 1_000_000));
            }
        }
        dispatcher.dispatchStored(now);
        owed.record(dueByEventId);
        groups.forEach((message, group) -> jms.createProducer()
                .setDeliveryDelay(message.delayMillis())
                .setPriority(message.priority())
                .setProperty(DispatchHints.ORGANIZATIONS, DispatchHints.organizations(group))
                .setProperty(DispatchHints.CLOSES_BURSTS, DispatchHints.closesBursts(group))
                .send(dispatchQueue, group.stream().map(Event::getId).collect(Collectors.joining(","))));
        return stored;
    }
}
