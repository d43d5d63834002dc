package dev.eventlog.it;

import dev.eventlog.delivery.DeliverySettings;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.interceptor.Interceptor;

/**
 * The delivery settings as configured, unless a test sets its own max-in-flight (a ceiling small
 * enough to count would slow every other test's deliveries if it were set for the whole server);
 * {@link #reset()} after each test, as {@link TestEventLogSettings}.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 100)
@ApplicationScoped
public class TestDeliverySettings extends DeliverySettings {

    public static volatile Integer maxInFlight;

    public static void reset() {
        maxInFlight = null;
    }

    @Override
    public int maxInFlight() {
        Integer set = maxInFlight;
        return set == null ? super.maxInFlight() : set;
    }
}
