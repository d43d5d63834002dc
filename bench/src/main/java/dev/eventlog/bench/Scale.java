package dev.eventlog.bench;

import java.time.Duration;

/**
 * How much work each scenario does: the full run (issue 5's command, under 20 minutes with the
 * server start) or the smoke run CI makes so the harness cannot rot (seconds).
 */
record Scale(boolean smoke, int ingestEvents, int fanOutEvents, int latencySeconds, int latencyRate,
             int autosaveNotes, int autosaveSessions, Duration deadline) {

    static Scale full() {
        return new Scale(false, 100_000, 2_000, 20, 1_000, 100, 3, Duration.ofMinutes(3));
    }

    static Scale smokeRun() {
        return new Scale(true, 2_000, 100, 2, 100, 4, 1, Duration.ofMinutes(1));
    }
}
