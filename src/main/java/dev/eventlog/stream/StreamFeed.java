package dev.eventlog.stream;

import dev.eventlog.event.Event;
import dev.eventlog.event.ProcessingOptions;
import dev.eventlog.platform.db.AdvisoryLocks;
import dev.eventlog.platform.jms.Destinations;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Topic;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes the stream to the topic {@code eventlog.stream}, one message per change, in position
 * order, for consumers that prefer the broker. It follows the stream like any consumer, with its
 * position in the database (stream_feed): the messages of a batch and the position after them
 * commit in one transaction, so a crash repeats a batch (at least once) and never skips one.
 * One node publishes at a time (an advisory lock), so the topic keeps the stream's order.
 *
 * <p>Each message carries the entry's JSON (as the stream API answers it) and, as properties,
 * {@code position}, {@code event_id}, {@code organization_id}, {@code object_type}, {@code action}
 * and {@code ignored_consumers} (",a,b,", "," for none) for selectors.
 */
@ApplicationScoped
public class StreamFeed {

    private static final Logger LOG = Logger.getLogger(StreamFeed.class.getName());
    static final String NAME = "jms";
    private static final String LOCK = "stream-feed\u001F" + NAME;
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    enum Outcome { NOT_MINE, IDLE, HELD, FULL }

    @PersistenceContext
    EntityManager em;

    @Inject
    StreamReader reader;

    @Inject
    StreamSettings settings;

    @Inject
    JMSContext jms;

    @Resource(lookup = Destinations.STREAM)
    Topic topic;

    @Resource
    ManagedScheduledExecutorService executor;

    /** Through the proxy, so that each batch is a transaction of its own. */
    @Inject
    StreamFeed self;

    private final CoalescedRuns runs = new CoalescedRuns(this::publishAll);
    private final HeldBackRecheck recheck = new HeldBackRecheck();

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) StreamChanged changed) {
        wake();
    }

    /** Before the application's contexts go: no batch may be left half done on a server thread (CoalescedRuns). */
    void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object application) throws InterruptedException {
        if (!runs.stop(STOP_WAIT)) {
            LOG.warning("The stream feed's batch did not end within " + STOP_WAIT + " of the application's shutdown");
        }
    }

    /** Once a second (StreamTimer): another node's commits, and a batch that failed, are picked up here. */
    public void tick() {
        wake();
    }

    private void wake() {
        if (settings.feedEnabled()) {
            runs.request(executor);
        }
    }

    private void publishAll() {
        try {
            Outcome outcome;
            do {
                outcome = self.publishBatch();
            } while (outcome == Outcome.FULL && !runs.isStopped());
            recheck.after(outcome == Outcome.HELD, executor, this::wake);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Publishing the stream to " + Destinations.STREAM_NAME + " failed; the next tick tries again", e);
        }
    }

    /** Publishes the next batch after the feed's position, and moves the position past it. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Outcome publishBatch() {
        if (!AdvisoryLocks.tryLock(em, LOCK)) {
            return Outcome.NOT_MINE;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> row = em.createNativeQuery("SELECT position_tx, position_seq FROM stream_feed WHERE name = ?1")
                .setParameter(1, NAME).getResultList();
        if (row.isEmpty()) {
            // The feed starts where the stream stands when it is first switched on: the topic is
            // for what happens from then on; the stream API serves the past.
            move(reader.head(), true);
            return Outcome.IDLE;
        }
        StreamPosition at = new StreamPosition(((Number) row.get(0)[0]).longValue(), ((Number) row.get(0)[1]).longValue());
        StreamPage page = reader.readHere(new StreamRead(at, settings.feedBatch(), null, null));
        if (page.entries().isEmpty()) {
            return page.heldBack() ? Outcome.HELD : Outcome.IDLE;
        }
        for (StreamEntry entry : page.entries()) {
            publish(entry);
        }
        move(page.next(), false);
        return page.full() ? Outcome.FULL : page.heldBack() ? Outcome.HELD : Outcome.IDLE;
    }

    private void publish(StreamEntry entry) {
        Event event = entry.event();
        JMSProducer producer = jms.createProducer()
                .setProperty("position", entry.position().format())
                .setProperty("event_id", event.getId())
                .setProperty("organization_id", event.getOrganizationId())
                .setProperty("object_type", event.getObjectType())
                .setProperty("action", event.getAction())
                .setProperty("ignored_consumers", "," + String.join(",", ProcessingOptions.of(event).ignoredConsumers()) + ",");
        producer.send(topic, StreamJson.entry(entry, null).toString());
    }

    private void move(StreamPosition to, boolean first) {
        em.createNativeQuery(first
                        ? "INSERT INTO stream_feed (name, position_tx, position_seq, date_updated) "
                                + "VALUES (?1, ?2, ?3, clock_timestamp() AT TIME ZONE 'UTC') ON CONFLICT (name) DO NOTHING"
                        : "UPDATE stream_feed SET position_tx = ?2, position_seq = ?3, "
                                + "date_updated = clock_timestamp() AT TIME ZONE 'UTC' WHERE name = ?1")
                .setParameter(1, NAME).setParameter(2, to.tx()).setParameter(3, to.seq())
                .executeUpdate();
    }
}
