package dev.eventlog.platform.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while PostgreSQL answers. */
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
            return HealthCheckResponse.named("postgresql").status(connection.isValid(2)).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("postgresql").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
