package dev.eventlog.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.platform.time.ClockProducer;
import dev.eventlog.platform.time.DatabaseClock;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The production clock (ClockProducer's, which the test deployment replaces with its movable one
 * for everything else) tells the database's time: read against clock_timestamp() on a connection
 * of the test's own, it is within the round trip of it, plus a few milliseconds for the offset's
 * own measurement error.
 */
@ExtendWith(ArquillianExtension.class)
class DatabaseClockIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @Inject
    ClockProducer clocks;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Test
    void theDeployedClockTellsTheDatabasesTime() throws Exception {
        DatabaseClock clock = clocks.databaseClock();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT clock_timestamp()")) {
            for (int i = 0; i < 5; i++) {
                Instant before = clock.instant();
                Instant database;
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    database = row.getObject(1, OffsetDateTime.class).toInstant();
                }
                Instant after = clock.instant();
                Duration slack = Duration.ofMillis(5);
                assertTrue(!database.isBefore(before.minus(slack)) && !database.isAfter(after.plus(slack)),
                        "clock_timestamp() " + database + " within the deployed clock's " + before + " .. " + after
                                + " (offset " + clock.offset() + ")");
            }
        }
    }
}
