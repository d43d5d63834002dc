package dev.eventlog.ingest;

import dev.eventlog.consolidation.DispatchDelay;
import dev.eventlog.delivery.DispatchHints;
import dev.eventlog.delivery.Dispatcher;
import dev.eventlog.event.Event;
import dev.eventlog.event.ProcessingOptions;
import dev.eventlog.platform.error.ValidationException;
import dev.eventlog.platform.jms.Destinations;
import dev.eventlog.platform.json.JsonText;
import dev.eventlog.platform.time.Timestamps;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.logging.Logger;

/**
 * One ingest message to stored events. Messages from the REST endpoint are already valid; those
 * from remote JMS producers are checked here, and a bad one is parked on the rejected queue with
 * its errors rather than redelivered forever.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class.getName());

    @Inject
    IngestSettings settings;

    @Inject
    EventStore store;

    @Inject
    Clock clock;

    @Inject
    JMSContext jms;

    @Resource(lookup = Destinations.INGEST_REJECTED)
    Queue rejectedQueue;

    @Resource(lookup = Destinations.DISPATCH)
    Queue dispatchQueue;

    @Inject
    DispatchDelay dispatchDelay;

    @Inject
    Dispatcher dispatcher;

    /** Counted only once the transaction commits: a rolled-back message is redelivered, not lost. */
    @Inject
    jakarta.enterprise.event.Event<IngestCounts> counted;

    private record DispatchMessage(long delayMillis, int priority) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void consume(String messageId, long sentAtMillis, String body) {
        Instant sentAt = sentAtMillis > 0 ? Instant.ofEpochMilli(sentAtMillis) : clock.instant();
        List<Event> events;
        try {
            JsonValue json = body == null ? null : JsonText.parse(body);
            // A producer's own send time anchors defaults, so a redelivery yields identical events.
            events = settings.parser().parse(json, EventParser.Receipt.fromQueue(sentAt, messageId, clock.instant()));
        } catch (ValidationException | JsonException | IllegalArgumentException | BatchTooLargeException e) {
            reject(messageId, body, e.getMessage());
            return;
        }
        LocalDateTime oldestKept = Timestamps.toUtc(clock.instant())
                .minus(settings.retention());
        List<Event> current = events.stream().filter(e -> !e.getDateCreated().isBefore(oldestKept)).toList();
        if (current.size() < events.size()) {
            // Queued for longer than the retention: already past what the log keeps, so not stored.
            LOG.warning(() -> "Message " + messageId + ": skipped " + (events.size() - current.size())
                    + " events older than the retention period");
        }
        EventStore.Stored stored = current.isEmpty() ? new EventStore.Stored(List.of(), 0, 0) : store.store(current);
        // Dispatch commits with the rows: a stored event is always offered to webhooks. Events that
        // go out at once are dispatched right here; the others wait in the dispatch queue, one
        // message per (delay, priority) rather than per event, because the broker persists and
        // acknowledges every message.
        List<Event> now = new ArrayList<>();
        Map<DispatchMessage, List<Event>> groups = new LinkedHashMap<>();
        for (Event event : stored.created()) {
            long delay = dispatchDelay.of(event).toMillis();
            if (delay == 0) {
                now.add(event);
            } else {
                groups.computeIfAbsent(new DispatchMessage(delay, ProcessingOptions.of(event).jmsPriority()),
                        k -> new ArrayList<>()).add(event);
            }
        }
        dispatcher.dispatchStored(now);
        groups.forEach((message, group) -> jms.createProducer()
                .setDeliveryDelay(message.delayMillis())
                .setPriority(message.priority())
                .setProperty(DispatchHints.ORGANIZATIONS, DispatchHints.organizations(group))
                .setProperty(DispatchHints.CLOSES_BURSTS, DispatchHints.closesBursts(group))
                .send(dispatchQueue, group.stream().map(Event::getId).collect(Collectors.joining(","))));
        counted.fire(new IngestCounts(events.size(), stored.created().size(), stored.merged(), stored.duplicates()));
    }

    private void reject(String messageId, String body, String reason) {
        LOG.warning(() -> "Rejected ingest message " + messageId + ": " + reason);
        jms.createProducer()
                .setProperty("eventlog_error", reason)
                .setProperty("eventlog_original_message_id", messageId)
                .send(rejectedQueue, body == null ? "" : body);
    }
}
