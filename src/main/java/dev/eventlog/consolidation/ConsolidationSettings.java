package dev.eventlog.consolidation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The consolidation window from MicroProfile Config (environment: EVENTLOG_CONSOLIDATION_WINDOW). */
@ApplicationScoped
public class ConsolidationSettings {

    @Inject
    @ConfigProperty(name = "eventlog.consolidation.window", defaultValue = "5")
    String window;

    private volatile Duration parsed;

    /** A mistyped window fails the deployment, not every ingest message later on. */
    void checkAtStartup(@Observes Startup startup) {
        window();
    }

    /** Seconds ("5", "2.5") or an ISO-8601 duration ("PT5S"); zero turns consolidation off. */
    public Duration window() {
        Duration w = parsed;
        if (w == null) {
            w = parse(window);
            parsed = w;
        }
        return w;
    }

    static Duration parse(String value) {
        String v = value.strip();
        try {
            Duration d = v.matches("\\d+(\\.\\d+)?")
                    ? Duration.ofNanos(new BigDecimal(v).movePointRight(9).longValueExact())
                    : Duration.parse(v);
            if (d.isNegative()) {
                throw new IllegalArgumentException("eventlog.consolidation.window must not be negative: " + value);
            }
            return d;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("eventlog.consolidation.window must be seconds (5, 2.5) or an "
                    + "ISO-8601 duration (PT5S): " + value, e);
        }
    }
}
