package dev.eventlog.retention;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How long events are kept (environment: EVENTLOG_RETENTION_DAYS); read by ingest, the API and the purge alike. */
@ApplicationScoped
public class RetentionSettings {

    @Inject
    @ConfigProperty(name = "eventlog.retention.days", defaultValue = "30")
    int retentionDays;

    @Inject
    @ConfigProperty(name = "eventlog.retention.days-ahead", defaultValue = "3")
    int daysAhead;

    /** Webhook attempts (the attempts API); the events' retention unless set. */
    @Inject
    @ConfigProperty(name = "eventlog.retention.attempt-days")
    Optional<Integer> attemptDays;

    public Duration retention() {
        return Duration.ofDays(retentionDays);
    }

    public int retentionDays() {
        return retentionDays;
    }

    public Duration attemptRetention() {
        return Duration.ofDays(attemptDays.orElse(retentionDays));
    }

    /** Daily partitions created in advance. */
    public int daysAhead() {
        return daysAhead;
    }
}
