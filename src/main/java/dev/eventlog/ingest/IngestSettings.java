package dev.eventlog.ingest;

import dev.eventlog.retention.RetentionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Ingest limits from MicroProfile Config (environment: EVENTLOG_INGEST_...). */
@ApplicationScoped
public class IngestSettings {

    /** The documented batch limit; part of the API contract, so not configurable. */
    public static final int MAX_BATCH_SIZE = 1000;

    @Inject
    @ConfigProperty(name = "eventlog.ingest.max-body-bytes", defaultValue = "10485760")
    int maxBodyBytes;

    /** Events per JMS message: big enough to amortise a send, small enough to stay a normal message. */
    @Inject
    @ConfigProperty(name = "eventlog.ingest.events-per-message", defaultValue = "100")
    int eventsPerMessage;

    @Inject
    RetentionSettings retention;

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public int eventsPerMessage() {
        return Math.max(1, eventsPerMessage);
    }

    public Duration retention() {
        return retention.retention();
    }

    public EventParser parser() {
        return new EventParser(retention(), MAX_BATCH_SIZE);
    }
}
