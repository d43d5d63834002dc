package dev.eventlog.delivery;

import dev.eventlog.platform.db.StorableText;
import java.time.Duration;
import java.util.Optional;

/**
 * What one POST came to. {@code statusCode} is null when no HTTP answer arrived. The texts are
 * made storable here, where every outcome is made: a receiver may answer anything (UTF-16, gzip,
 * binary), and an exception's message may quote it, but the attempt log and the subscription's
 * latest_error must always take them.
 */
public record AttemptOutcome(Integer statusCode, long latencyMillis, String error, String responseBody,
                      Optional<Duration> retryAfter, String signedWith) {

    /** The attempt log keeps as much of either text as the sender reads of an answer. */
    static final int TEXT_BYTES_KEPT = WebhookSender.RESPONSE_BYTES_KEPT;

    /** Stands in for a text PostgreSQL refused even so, so that the attempt is logged all the same. */
    static final String UNSTORABLE = "(not shown: this text could not be stored)";

    public AttemptOutcome {
        error = StorableText.of(error, TEXT_BYTES_KEPT);
        responseBody = StorableText.of(responseBody, TEXT_BYTES_KEPT);
    }

    /** An outcome not yet told what signed its request (or of a request never signed). */
    public AttemptOutcome(Integer statusCode, long latencyMillis, String error, String responseBody,
                          Optional<Duration> retryAfter) {
        this(statusCode, latencyMillis, error, responseBody, retryAfter, null);
    }

    /** The same outcome, for the attempt log: the scheme and key generations that signed the request. */
    AttemptOutcome signedWith(String signed) {
        return new AttemptOutcome(statusCode, latencyMillis, error, responseBody, retryAfter, signed);
    }

    public boolean succeeded() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    boolean gone() {
        return statusCode != null && statusCode == 410;
    }

    /** The same outcome with placeholders for the texts that came from outside. */
    public AttemptOutcome withoutTexts() {
        String placeholder = statusCode == null ? UNSTORABLE : "HTTP " + statusCode;
        return new AttemptOutcome(statusCode, latencyMillis, error == null ? null : placeholder,
                responseBody == null ? null : UNSTORABLE, retryAfter, signedWith);
    }

    public static AttemptOutcome notSent(String error) {
        return new AttemptOutcome(null, 0, error, null, Optional.empty());
    }
}
