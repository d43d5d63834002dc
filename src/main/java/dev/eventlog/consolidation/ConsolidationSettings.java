package dev.eventlog.consolidation;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Consolidation's timing from MicroProfile Config (environment: EVENTLOG_CONSOLIDATION_...). Both
 * values are seconds ("5", "2.5") or ISO-8601 durations ("PT5S").
 */
@ApplicationScoped
public class ConsolidationSettings {

    private static final String WINDOW = "eventlog.consolidation.window";
    private static final String GRACE = "eventlog.consolidation.grace";

    @Inject
    @ConfigProperty(name = WINDOW, defaultValue = "5")
    String window;

    @Inject
    @ConfigProperty(name = GRACE, defaultValue = "1")
    String grace;

    private Duration parsedWindow;
    private Duration parsedGrace;

    @PostConstruct
    void init() {
        parsedWindow = parse(WINDOW, window);
        parsedGrace = parse(GRACE, grace);
    }

    /** Creates the bean at deployment: a mistyped value fails it, not every ingest message later on. */
    void checkAtStartup(@Observes Startup startup) {
        // init() has run
    }

    /** Updates of one object by one user less than this apart merge; zero turns consolidation off. */
    public Duration window() {
        return parsedWindow;
    }

    /**
     * How long a burst stays open after its window for updates still on their way through the
     * ingest queue (allowed lateness). An update dated inside the window but stored after its
     * burst was closed becomes an event of its own, so without it a busy queue splits bursts.
     */
    public Duration grace() {
        return parsedGrace;
    }

    static Duration parse(String key, String value) {
        String v = value.strip();
        try {
            Duration d = v.matches("\\d+(\\.\\d+)?")
                    ? Duration.ofNanos(new BigDecimal(v).movePointRight(9).longValueExact())
                    : Duration.parse(v);
            if (d.isNegative()) {
                throw new IllegalArgumentException(key + " must not be negative: " + value);
            }
            return d;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(key + " must be seconds (5, 2.5) or an ISO-8601 duration (PT5S): "
                    + value, e);
        }
    }
}
