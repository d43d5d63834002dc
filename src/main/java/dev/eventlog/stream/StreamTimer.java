package dev.eventlog.stream;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The stream's clockwork, on every node, not persistent (a missed run is done by the next): a
 * tick each second for long-polls and the JMS feed (changes committed on other nodes, waits that
 * end), and a time mark every ten seconds (StreamMarks).
 */
@Singleton
@DependsOn("DatabaseMigrations")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StreamTimer {

    private static final Logger LOG = Logger.getLogger(StreamTimer.class.getName());

    @Inject
    StreamWaiters waiters;

    @Inject
    StreamFeed feed;

    @Inject
    StreamMarks marks;

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
    void tick() {
        waiters.tick();
        feed.tick();
    }

    @Schedule(hour = "*", minute = "*", second = "*/10", persistent = false)
    void mark() {
        try {
            marks.mark();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not mark the stream's horizon; the next mark will", e);
        }
    }
}
