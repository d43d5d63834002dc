package dev.eventlog.platform.health;

import dev.eventlog.platform.jms.Destinations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the broker takes connections and the ingest queue exists. */
@Readiness
@ApplicationScoped
public class JmsReadiness implements HealthCheck {

    @Resource(lookup = "java:comp/DefaultJMSConnectionFactory")
    ConnectionFactory connectionFactory;

    @Resource(lookup = Destinations.INGEST)
    Queue ingestQueue;

    @Override
    public HealthCheckResponse call() {
        try (JMSContext context = connectionFactory.createContext();
             QueueBrowser browser = context.createBrowser(ingestQueue)) {
            browser.getEnumeration();
            return HealthCheckResponse.named("jms").up().build();
        } catch (Exception e) {
            return HealthCheckResponse.named("jms").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
