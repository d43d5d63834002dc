package dev.eventlog.ingest;

import dev.eventlog.event.Event;
import dev.eventlog.event.EventJson;
import dev.eventlog.event.ProcessingOptions;
import dev.eventlog.platform.db.DataErrors;
import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.error.ValidationException;
import dev.eventlog.platform.jms.Destinations;
import dev.eventlog.platform.jms.IngestProperties;
import dev.eventlog.platform.json.BadJsonException;
import dev.eventlog.platform.json.JsonInput;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.log.LogText;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.security.KnownOrganizations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.json.JsonArrayBuilder;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One ingest message to stored events. Messages from the REST endpoint are already valid; those
 * from remote JMS producers are checked here, and a bad one is parked on the rejected queue with
 * its errors rather than redelivered forever.
 *
 * <p>A valid message can still hold an event that the database refuses. Such a failure would
 * recur on every redelivery and, after the last one, dead-letter every other event of the message
 * with it; so a batch that fails on its data is split and its halves written on their own
 * (EventBatchWriter), down to the single events at fault, which are parked with the reason. Faults
 * that may pass (a lost connection, a lock timeout) still roll the whole message back for a
 * redelivery: the parts already written are then recognised as duplicates.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class.getName());

    @Inject
    IngestSettings settings;

    @Inject
    EventBatchWriter writer;

    @Inject
    KnownOrganizations organizations;

    @Inject
    Clock clock;

    @Inject
    JMSContext jms;

    @Resource(lookup = Destinations.INGEST_REJECTED)
    Queue rejectedQueue;

    /** Counted only once the transaction commits: a rolled-back message is redelivered, not lost. */
    @Inject
    jakarta.enterprise.event.Event<IngestCounts> counted;

    private record Parked(Event event, String reason) {
    }

    private static final String NO_SUCH_ORGANIZATION = "No such organization.";

    /**
     * @param sentAtMillis the message's JMSTimestamp; 0 when the producer disabled timestamps
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void consume(String messageId, long sentAtMillis, String body) {
        Instant sentAt = sentAtMillis > 0 ? Instant.ofEpochMilli(sentAtMillis) : null;
        EventParser.Parsed parsed;
        try {
            if (body == null) {
                throw new BadJsonException("The message has no text body.");
            }
            // A producer's own send time anchors defaults, so a redelivery yields identical events.
            JsonInput.Checked json = JsonInput.readChecked(body);
            parsed = withoutUnknownOrganizations(settings.parser().parseEach(json.value(),
                    EventParser.Receipt.fromQueue(sentAt, messageId, clock.instant()), json.problems()));
        } catch (ValidationException | BadJsonException | BatchTooLargeException e) {
            reject(messageId, sentAtMillis, body, e.getMessage());
            return;
        }
        if (!parsed.refused().isEmpty()) {
            parkRefused(messageId, sentAtMillis, parsed);
        }
        List<Event> events = parsed.events();
        LocalDateTime oldestKept = Timestamps.toUtc(clock.instant())
                .minus(settings.retention());
        List<Event> current = events.stream().filter(e -> !e.getDateCreated().isBefore(oldestKept)).toList();
        if (current.size() < events.size()) {
            // Queued for longer than the retention: already past what the log keeps, so not stored.
            LOG.warning(() -> "Message " + LogText.safe(messageId) + ": skipped " + (events.size() - current.size())
                    + " events older than the retention period");
        }
        Totals totals = new Totals();
        List<Parked> parked = new ArrayList<>();
        if (!current.isEmpty()) {
            writeIsolatingBadData(current, totals, parked);
        }
        if (!parked.isEmpty()) {
            parkUnstorable(messageId, sentAtMillis, parked);
        }
        counted.fire(new IngestCounts(events.size(), totals.stored, totals.merged, totals.duplicates));
    }

    /** A 400 naming each event whose organization does not exist (REST ingest, all or nothing). */
    public void refuseUnknownOrganizations(List<Event> events, boolean batch) {
        Set<String> unknown = unknownOrganizations(events);
        if (unknown.isEmpty()) {
            return;
        }
        FieldErrors errors = new FieldErrors();
        for (int i = 0; i < events.size(); i++) {
            if (unknown.contains(events.get(i).getOrganizationId())) {
                errors.add(EventParser.fieldName(batch, i, "organization_id"), NO_SUCH_ORGANIZATION);
            }
        }
        errors.throwIfAny();
    }

    /** The same on the queue, event by event: those of unknown organizations join the refused. */
    private EventParser.Parsed withoutUnknownOrganizations(EventParser.Parsed parsed) {
        Set<String> unknown = unknownOrganizations(parsed.events());
        if (unknown.isEmpty()) {
            return parsed;
        }
        List<Event> known = new ArrayList<>();
        List<EventParser.Refused> refused = new ArrayList<>(parsed.refused());
        for (Event event : parsed.events()) {
            if (unknown.contains(event.getOrganizationId())) {
                // Parked with the id and dates it was given, so a replay once the organization
                // exists stores it as this delivery would have; its place in the message is not
                // kept (parking numbers the refused events afresh).
                refused.add(new EventParser.Refused(-1, EventJson.internalJson(event),
                        Map.of("organization_id", NO_SUCH_ORGANIZATION)));
            } else {
                known.add(event);
            }
        }
        return new EventParser.Parsed(known, refused, parsed.batch());
    }

    private Set<String> unknownOrganizations(List<Event> events) {
        return organizations.unknownAmong(events.stream().map(Event::getOrganizationId).collect(Collectors.toSet()));
    }

    private static final class Totals {
        int stored;
        int merged;
        int duplicates;

        void add(EventStore.Stored result) {
            stored += result.created().size();
            merged += result.merged();
            duplicates += result.duplicates();
        }
    }

    /**
     * Writes the events; if the batch fails on bad data, writes each half on its own, and so on
     * down to the single events at fault. Halves keep the events' order, so consolidation sees the
     * updates of one object in the order they were sent.
     */
    private void writeIsolatingBadData(List<Event> events, Totals totals, List<Parked> parked) {
        try {
            totals.add(writer.write(events));
        } catch (RuntimeException e) {
            if (!DataErrors.isDataError(e)) {
                throw e;
            }
            if (events.size() == 1) {
                parked.add(new Parked(events.get(0), reasonOf(e)));
                return;
            }
            int half = events.size() / 2;
            writeIsolatingBadData(events.subList(0, half), totals, parked);
            writeIsolatingBadData(events.subList(half, events.size()), totals, parked);
        }
    }

    /** The innermost message: PostgreSQL's own words, which name the problem but no internals. */
    private static String reasonOf(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "Could not be stored: " + message;
    }

    /**
     * The events of a message that failed validation, parked together as one message in the ingest
     * format, so that a replay after the fix is a single message again. The reason names the
     * fields by the events' places in the parked message, not in the original one.
     */
    private void parkRefused(String messageId, long sentAtMillis, EventParser.Parsed parsed) {
        park(messageId, sentAtMillis, parsed.refused(), ProcessingOptions.DEFAULT.jmsPriority());
    }

    /** Events the database refused, parked likewise, with the database's reason for each. */
    private void parkUnstorable(String messageId, long sentAtMillis, List<Parked> parked) {
        int priority = parked.stream().mapToInt(p -> ProcessingOptions.of(p.event()).jmsPriority()).max()
                .orElse(ProcessingOptions.DEFAULT.jmsPriority());
        park(messageId, sentAtMillis, parked.stream().map(p -> new EventParser.Refused(-1,
                EventJson.internalJson(p.event()), Map.of("", p.reason()))).toList(), priority);
    }

    private void park(String messageId, long sentAtMillis, List<EventParser.Refused> refused, int priority) {
        JsonArrayBuilder body = Jsonp.createArrayBuilder();
        FieldErrors reasons = new FieldErrors();
        for (int i = 0; i < refused.size(); i++) {
            int place = i;
            body.add(refused.get(i).source());
            refused.get(i).fieldErrors().forEach((field, message) -> reasons.add(EventParser.fieldName(true, place, field), message));
        }
        String reason = reasons.exception().getMessage();
        LOG.warning(() -> "Parked " + refused.size() + " event(s) of ingest message " + LogText.safe(messageId)
                + " on the rejected queue: " + LogText.safe(reason));
        send(messageId, sentAtMillis, body.build().toString(), reason, priority);
    }

    /** A whole message parked as it came, with the reason. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reject(String messageId, long sentAtMillis, String body, String reason) {
        LOG.warning(() -> "Rejected ingest message " + LogText.safe(messageId) + ": " + LogText.safe(reason));
        send(messageId, sentAtMillis, body == null ? "" : body, reason, ProcessingOptions.DEFAULT.jmsPriority());
    }

    /** Parked messages carry the original send time, so a replay gives events the same defaults. */
    private void send(String messageId, long sentAtMillis, String body, String reason, int priority) {
        var producer = jms.createProducer()
                .setPriority(priority)
                .setProperty(IngestProperties.ERROR, reason)
                .setProperty(IngestProperties.ORIGINAL_MESSAGE_ID, messageId);
        if (sentAtMillis > 0) {
            producer.setProperty(IngestProperties.ORIGINAL_TIMESTAMP, sentAtMillis);
        }
        producer.send(rejectedQueue, body);
    }
}
