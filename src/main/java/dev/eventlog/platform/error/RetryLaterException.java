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
        // Rounded up from nanoseconds: a client that waits exactly this long is never a hair early.
        this.retryAfterSeconds = Math.max(1, (Math.max(0, retryAfter.toNanos()) + 999_999_999) / 1_000_000_000);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
