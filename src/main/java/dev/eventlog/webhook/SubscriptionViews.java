package dev.eventlog.webhook;

import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.time.Timestamps;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/** A subscription as the API shows it (Close's field names). */
final class SubscriptionViews {

    private SubscriptionViews() {
    }

    static JsonObject of(WebhookSubscription s) {
        return Jsonp.createObjectBuilder()
                .add("id", s.getId())
                .add("url", s.getUrl())
                .add("events", s.getEvents())
                .add("verify_ssl", s.isVerifySsl())
                .add("status", s.getStatus())
                .add("signature_key", s.getSignatureKey())
                .add("signature_scheme", s.getSignatureScheme())
                .add("webhook_secret", WebhookSignature.standardSecret(s.getSignatureKey()))
                .add("key_generation", s.getKeyGeneration())
                .add("previous_key_expires_at", s.getPreviousKeyExpiresAt() == null ? JsonValue.NULL
                        : Jsonp.createValue(Timestamps.format(s.getPreviousKeyExpiresAt())))
                .add("created_by", text(s.getCreatedBy()))
                .add("updated_by", text(s.getUpdatedBy()))
                .add("date_created", Timestamps.format(s.getDateCreated()))
                .add("date_updated", Timestamps.format(s.getDateUpdated()))
                .add("pause_reason", text(s.getPauseReason()))
                .add("health_status", healthStatus(s))
                .add("latest_error", text(s.getLatestError()))
                .build();
    }

    /**
     * paused; backlogged (past the backlog warning: heading for a pause); failing (the latest
     * attempts failed); or healthy.
     */
    static String healthStatus(WebhookSubscription s) {
        if (!s.isActive()) {
            return "paused";
        }
        if (s.isBacklogWarned()) {
            return "backlogged";
        }
        return s.getFailingSince() != null ? "failing" : "healthy";
    }

    private static JsonValue text(String value) {
        return value == null ? JsonValue.NULL : Jsonp.createValue(value);
    }
}
