package dev.eventlog.it;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.interceptor.Interceptor;
import java.time.Clock;

/**
 * Replaces the application's system clock in test deployments, so tests move time instead of
 * waiting for it. One instance for the whole deployment: every bean sees the same time.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 100)
@ApplicationScoped
public class TestClockProducer {

    public static final MutableClock CLOCK = new MutableClock();

    @Produces
    public Clock clock() {
        return CLOCK;
    }
}
