package dev.eventlog.platform.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while PostgreSQL answers. Says too whether the database commits durably: with fsync or
 * synchronous commit off, an OS crash or power cut can lose events already answered 202, so an
 * operator must be able to see it (the test suite's disposable database runs that way on purpose).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    /**
     * Health checks run on a management thread that has no java:comp context: the resources must
     * be injected while the deployment starts, not on first call.
     */
    void atDeployment(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // instantiating the bean is the point
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                return HealthCheckResponse.named("postgresql").down().build();
            }
            return HealthCheckResponse.named("postgresql").up().withData("durable_commits", commitsDurably(connection))
                    .build();
        } catch (Exception e) {
            return HealthCheckResponse.named("postgresql").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }

    private static boolean commitsDurably(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_setting('fsync') = 'on'"
                        + " AND current_setting('synchronous_commit') <> 'off'"
                        + " AND current_setting('full_page_writes') = 'on'")) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
