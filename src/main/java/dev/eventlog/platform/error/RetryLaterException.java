package dev.eventlog.platform.error;

import java.time.Duration;

/**
 * A refusal that passes with time (429 over a rate limit, 503 when the server is busy): mapped to
 * {@code {"error": message}} with a {@code Retry-After} of whole seconds, rounded up, at least 1,
 * so a client that honours it does not come back before it can be served.
 */
public class RetryLaterException extends ApiException {

    private final long retryAfterSeconds;

    public RetryLaterException(int status, String message, Duration retryAfter) {
        super(status, message);
        long millis = Math.max(1, retryAfter.toMillis());
        this.retryAfterSeconds = Math.max(1, (millis + 999) / 1000);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
