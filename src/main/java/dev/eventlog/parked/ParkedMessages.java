package dev.eventlog.parked;

import dev.eventlog.platform.jms.QueueDepth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Reads the parked queues with queue browsers (nothing is consumed) and hands moves to
 * {@link ParkedMoves}, one JTA transaction each.
 */
@ApplicationScoped
public class ParkedMessages {

    /**
     * Messages one listing looks at. A browser returns a queue in the broker's order (by priority,
     * then oldest first), not by timestamp; a page is the oldest of the first this many after the
     * cursor, which is exact for any queue shorter than this and costs a bounded scan otherwise.
     */
    static final int SCAN_LIMIT = QueueDepth.DEFAULT_CAP;
    /** Messages one "replay all" moves at most; the answer says when some are left. */
    static final int REPLAY_ALL_LIMIT = 10_000;
    static final int REPLAY_BATCH = 100;

    @Inject
    JMSContext jms;

    @Inject
    ParkedQueues queues;

    @Inject
    ParkedMoves moves;

    public record Page(List<ParkedMessage> messages, ParkedCursor next) {
    }

    public record Replayed(int count, boolean more) {
    }

    /** Oldest first by JMSTimestamp, ties by JMSMessageID. */
    public Page list(ParkedQuery query) {
        ParkedCursor after = query.cursor();
        // Only the timestamp can go into the selector (JMS compares strings by = only).
        String selector = after == null ? null : "JMSTimestamp >= " + after.timestamp();
        Comparator<ParkedMessage> order = Comparator.comparing(ParkedMessage::position);
        // The newest of the oldest limit + 1 at its head, so it can be dropped for an older one.
        PriorityQueue<ParkedMessage> oldest = new PriorityQueue<>(order.reversed());
        browse(query.queue(), selector, SCAN_LIMIT, message -> {
            if (after == null || message.position().compareTo(after) > 0) {
                oldest.add(message);
                if (oldest.size() > query.limit() + 1) {
                    oldest.poll();
                }
            }
        });
        List<ParkedMessage> page = new ArrayList<>(oldest);
        page.sort(order);
        if (page.size() <= query.limit()) {
            return new Page(page, null);
        }
        List<ParkedMessage> shown = page.subList(0, query.limit());
        return new Page(List.copyOf(shown), shown.get(shown.size() - 1).position());
    }

    /** The message with this id on either parked queue. */
    public Optional<ParkedMessage> find(String id) {
        String selector = ParkedMessageId.selector(id);
        for (ParkedQueue queue : ParkedQueue.values()) {
            List<ParkedMessage> found = new ArrayList<>(1);
            browse(queue, selector, 1, found::add);
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
        }
        return Optional.empty();
    }

    public Optional<ParkedMoves.Moved> replay(String id) {
        return find(id).flatMap(message -> moves.replay(message.queue(), id));
    }

    public Optional<ParkedMessage> discard(String id) {
        return find(id).flatMap(message -> moves.discard(message.queue(), id));
    }

    /**
     * Replays the queue in batches of {@link #REPLAY_BATCH}, one transaction each. From the rejected
     * queue only messages parked before the call started: one refused again comes back with a new
     * timestamp and waits for the operator instead of going round in this loop.
     */
    public Replayed replayAll(ParkedQueue queue) {
        String selector = queue == ParkedQueue.REJECTED ? "JMSTimestamp <= " + System.currentTimeMillis() : null;
        int total = 0;
        while (total < REPLAY_ALL_LIMIT) {
            int batch = Math.min(REPLAY_BATCH, REPLAY_ALL_LIMIT - total);
            int moved = moves.replayBatch(queue, selector, batch);
            total += moved;
            if (moved < batch) {
                return new Replayed(total, false);
            }
        }
        return new Replayed(total, true);
    }

    /** At most {@link QueueDepth#DEFAULT_CAP}: the value saturates there. */
    public long count(ParkedQueue queue) {
        return QueueDepth.count(jms, queues.of(queue), QueueDepth.DEFAULT_CAP);
    }

    /** Prometheus text exposition format (version 0.0.4), one gauge labelled by queue. */
    public String prometheusText() {
        StringBuilder text = new StringBuilder()
                .append("# HELP eventlog_ingest_parked_messages Ingest messages parked on eventlog.ingest.rejected or")
                .append(" eventlog.ingest.dead, counted by browsing up to ").append(QueueDepth.DEFAULT_CAP)
                .append(" (the value saturates there).\n")
                .append("# TYPE eventlog_ingest_parked_messages gauge\n");
        for (ParkedQueue queue : ParkedQueue.values()) {
            text.append("eventlog_ingest_parked_messages{queue=\"").append(queue.label()).append("\"} ")
                    .append(count(queue)).append('\n');
        }
        return text.toString();
    }

    private interface Visitor {
        void visit(ParkedMessage message);
    }

    private void browse(ParkedQueue queue, String selector, int max, Visitor visitor) {
        try (QueueBrowser browser = jms.createBrowser(queues.of(queue), selector)) {
            Enumeration<?> messages = browser.getEnumeration();
            for (int seen = 0; seen < max && messages.hasMoreElements(); seen++) {
                visitor.visit(ParkedMessage.read((Message) messages.nextElement(), queue));
            }
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }
}
