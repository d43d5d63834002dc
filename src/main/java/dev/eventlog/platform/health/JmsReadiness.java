package dev.eventlog.platform.health;

import dev.eventlog.platform.jms.Destinations;
import dev.eventlog.platform.jms.QueueDepth;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the broker takes connections and the ingest queue exists. Says how many
 * messages are parked (counted up to {@link QueueDepth#DEFAULT_CAP}), but they never make the
 * node unready: it still takes and stores events, and an operator deals with them.
 */
@Readiness
@ApplicationScoped
public class JmsReadiness implements HealthCheck {

    @Resource(lookup = "java:comp/DefaultJMSConnectionFactory")
    ConnectionFactory connectionFactory;

    @Resource(lookup = Destinations.INGEST)
    Queue ingestQueue;

    @Resource(lookup = Destinations.INGEST_REJECTED)
    Queue rejectedQueue;

    @Resource(lookup = Destinations.INGEST_DEAD)
    Queue deadQueue;

    /**
     * Health checks run on a management thread that has no java:comp context: the resources must
     * be injected while the deployment starts, not on first call.
     */
    void atDeployment(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // instantiating the bean is the point
    }

    @Override
    public HealthCheckResponse call() {
        try (JMSContext context = connectionFactory.createContext();
             QueueBrowser browser = context.createBrowser(ingestQueue)) {
            browser.getEnumeration();
            return HealthCheckResponse.named("jms").up()
                    .withData("parked_rejected", QueueDepth.count(context, rejectedQueue, QueueDepth.DEFAULT_CAP))
                    .withData("parked_dead", QueueDepth.count(context, deadQueue, QueueDepth.DEFAULT_CAP))
                    .build();
        } catch (Exception e) {
            return HealthCheckResponse.named("jms").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
