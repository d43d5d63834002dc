package dev.eventlog.ingest;

import dev.eventlog.health.OwedDeliveriesMetric;
import dev.eventlog.parked.ParkedMessages;
import dev.eventlog.platform.cluster.NodeRegistry;
import dev.eventlog.security.Credential;
import dev.eventlog.security.Secured;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * The node's pipeline metrics for Prometheus (scrape with basic auth, the system token as user
 * name). Served by the application rather than a server subsystem so it works the same on WildFly
 * and Payara; the server's own /metrics keeps its JVM and subsystem metrics.
 */
@Path("/v1/system/metrics")
@Secured(Credential.SYSTEM_TOKEN)
public class MetricsResource {

    @Inject
    IngestMetrics ingest;

    @Inject
    ParkedMessages parked;

    @Inject
    OwedDeliveriesMetric owed;

    @Inject
    NodeRegistry nodes;

    @GET
    @Path("/")
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String metrics() {
        return ingest.prometheusText() + parked.prometheusText() + owed.prometheusText() + nodes.prometheusText();
    }
}
