package dev.eventlog.platform.time;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import javax.sql.DataSource;

/**
 * Measures the database clock's offset ({@link DatabaseClock}) when the deployment starts and
 * every {@link #EVERY_MILLIS} after, on a connection of its own outside any transaction (a plain
 * JDBC read in autocommit, taken from the pool before the round trips are timed). Not persistent:
 * every node, every deployment, its own.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ClockSync {

    static final long EVERY_MILLIS = 30_000;

    @Inject
    ClockProducer clocks;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Resource
    TimerService timers;

    @PostConstruct
    void start() {
        measure();
        timers.createIntervalTimer(EVERY_MILLIS, EVERY_MILLIS, new TimerConfig(null, false));
    }

    @Timeout
    void measure() {
        DatabaseClock clock = clocks.databaseClock();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT clock_timestamp()")) {
            clock.measure(() -> read(query));
        } catch (SQLException e) {
            clock.measure(() -> {
                throw e; // no connection: the clock keeps its offset and says so
            });
        }
    }

    private static Instant read(PreparedStatement query) throws SQLException {
        try (ResultSet row = query.executeQuery()) {
            row.next();
            return row.getObject(1, OffsetDateTime.class).toInstant();
        }
    }
}
