package dev.eventlog.bench;

import java.time.Duration;

/**
 * How much work each scenario does: the full run (issue 5's command, about 10 minutes with the
 * server start, most of it loading P4's 10 M events and P6's 4 M deliveries) or the smoke run CI
 * makes so the harness cannot rot (seconds per scenario).
 *
 * <p>P4: events loaded, over how many past days, the page followed to as the deep one, API calls
 * per query and page, EXPLAIN ANALYZE runs per query and page. P5: events in the purged day. P6:
 * subscriptions and the backlog of each (the server pauses at 100,000 by default), and how long
 * to wait for the once-a-minute health timer to pause them (zero: not at all). P9: changes the
 * stream consumer reads (the log is filled by REST ingest up to that many if it holds fewer). P11:
 * events a recovery re-sends (live traffic at 100/s meanwhile, and for P3's seconds before). P8:
 * seconds of sustained load, its rate, organizations, and how long to wait for the down receiver's
 * backlog after it recovers.
 */
record Scale(boolean smoke, int ingestEvents, int fanOutEvents, int latencySeconds, int latencyRate,
             int autosaveNotes, int autosaveSessions, Duration deadline,
             int queryEvents, int queryDays, int queryDepth, int queryCalls, int queryExplains,
             int purgeEvents, int backlogSubscriptions, int backlogPerSubscription, Duration pauseDeadline,
             int streamEvents, int recoveryEvents,
             int sustainedSeconds, int sustainedRate, int sustainedOrganizations, Duration drainDeadline) {

    boolean awaitPause() {
        return !pauseDeadline.isZero();
    }

    static Scale full() {
        return new Scale(false, 100_000, 2_000, 20, 1_000, 100, 3, Duration.ofMinutes(3),
                10_000_000, 28, 20, 50, 3, 1_000_000, 40, 100_000, Duration.ofMinutes(2), 200_000, 100_000,
                600, 500, 100, Duration.ofMinutes(30));
    }

    static Scale smokeRun() {
        return new Scale(true, 2_000, 100, 2, 100, 4, 1, Duration.ofMinutes(1),
                20_000, 2, 2, 3, 1, 10_000, 2, 1_000, Duration.ZERO, 5_000, 2_000,
                20, 50, 5, Duration.ofMinutes(3));
    }
}
