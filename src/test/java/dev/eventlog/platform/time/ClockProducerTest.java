package dev.eventlog.platform.time;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The clock the application is given follows the database's, not the node's own (issue 13). */
class ClockProducerTest {

    @Test
    void theProducedClockFollowsTheDatabase() {
        ClockProducer producer = new ClockProducer();
        Duration databaseAhead = Duration.ofMinutes(5);
        producer.databaseClock().measure(() -> Instant.now().plus(databaseAhead));
        Clock clock = producer.clock();
        Duration ahead = Duration.between(Instant.now(), clock.instant());
        assertTrue(ahead.minus(databaseAhead).abs().compareTo(Duration.ofSeconds(1)) < 0,
                "the produced clock is " + ahead + " ahead of the system's, the database " + databaseAhead);
    }
}
