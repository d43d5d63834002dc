package dev.eventlog.it;

import dev.eventlog.event.EventLogSettings;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.interceptor.Interceptor;
import java.time.Duration;

/**
 * The Event Log API's limits as configured, unless a test sets its own: a limit low enough to test
 * (one request every 20 s, a 1 ms statement timeout) would break every other test's queries if it
 * were set for the whole server. Each test class deploys its own copy, so nothing leaks between
 * classes; {@link #reset()} after each test keeps it from leaking between tests.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 100)
@ApplicationScoped
public class TestEventLogSettings extends EventLogSettings {

    public static volatile Double requestsPerSecond;
    public static volatile Integer burst;
    public static volatile Duration statementTimeout;

    public static void reset() {
        requestsPerSecond = null;
        burst = null;
        statementTimeout = null;
    }

    @Override
    public double requestsPerSecond() {
        Double set = requestsPerSecond;
        return set == null ? super.requestsPerSecond() : set;
    }

    @Override
    public int burst() {
        Integer set = burst;
        return set == null ? super.burst() : set;
    }

    @Override
    public Duration statementTimeout() {
        Duration set = statementTimeout;
        return set == null ? super.statementTimeout() : set;
    }
}
