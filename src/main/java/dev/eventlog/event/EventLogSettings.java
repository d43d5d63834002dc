package dev.eventlog.event;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits of the Event Log API from MicroProfile Config (environment: EVENTLOG_API_...). Every
 * value is read through a method on each request, so the limiter applies a new value at once.
 */
@ApplicationScoped
public class EventLogSettings {

    /** Sustained requests a second per API key; the bucket refills at this rate. */
    @Inject
    @ConfigProperty(name = "eventlog.api.rate-limit.per-second", defaultValue = "20")
    double requestsPerSecond;

    /** Requests a key may make at once after being idle (the bucket's size). */
    @Inject
    @ConfigProperty(name = "eventlog.api.rate-limit.burst", defaultValue = "40")
    int burst;

    /** Queries of one organization running at once, on this node. */
    @Inject
    @ConfigProperty(name = "eventlog.api.max-queries-per-organization", defaultValue = "4")
    int maxQueriesPerOrganization;

    /**
     * Queries running at once on this node, all organizations together: well below the pool's 40
     * connections, so that ingest and delivery always find connections however the API is used.
     */
    @Inject
    @ConfigProperty(name = "eventlog.api.max-queries", defaultValue = "10")
    int maxQueries;

    /** PostgreSQL's statement_timeout for the API's queries; healthy ones take milliseconds. */
    @Inject
    @ConfigProperty(name = "eventlog.api.statement-timeout-ms", defaultValue = "5000")
    int statementTimeoutMs;

    /** Made at deployment, so that a bad value fails it rather than every request with a 500. */
    void atDeployment(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // @PostConstruct has checked the values
    }

    @PostConstruct
    void check() {
        if (!(requestsPerSecond > 0) || burst < 1 || maxQueriesPerOrganization < 1 || maxQueries < 1
                || statementTimeoutMs < 1) {
            throw new IllegalStateException("eventlog.api.rate-limit.per-second must be positive, and burst, "
                    + "max-queries-per-organization, max-queries and statement-timeout-ms at least 1");
        }
    }

    public double requestsPerSecond() {
        return requestsPerSecond;
    }

    public int burst() {
        return burst;
    }

    public int maxQueriesPerOrganization() {
        return maxQueriesPerOrganization;
    }

    public int maxQueries() {
        return maxQueries;
    }

    public Duration statementTimeout() {
        return Duration.ofMillis(statementTimeoutMs);
    }
}
