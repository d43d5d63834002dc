package dev.eventlog.delivery;

import java.time.Duration;
import java.util.Optional;

/** What one POST came to. {@code statusCode} is null when no HTTP answer arrived. */
record AttemptOutcome(Integer statusCode, long latencyMillis, String error, String responseBody,
                      Optional<Duration> retryAfter) {

    boolean succeeded() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    boolean gone() {
        return statusCode != null && statusCode == 410;
    }

    static AttemptOutcome notSent(String error) {
        return new AttemptOutcome(null, 0, error, null, Optional.empty());
    }
}
