package dev.eventlog.delivery;

import dev.eventlog.event.EventJson;
import dev.eventlog.event.SnapshotVisibility;
import dev.eventlog.platform.json.JsonInput;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.webhook.WebhookSignature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * The signed POST of a claimed delivery, built from what this node keeps of subscriptions and
 * events: on the hot path, no database read at all.
 */
@ApplicationScoped
public class WebhookRequests {

    @Inject
    SubscriptionTargets targets;

    @Inject
    WebhookPayloads payloads;

    @Inject
    Clock clock;

    /** Empty when the event (past retention) or the subscription is gone. */
    public Optional<WebhookRequest> prepare(Backlog.Claimed delivery) {
        Optional<SubscriptionTargets.Target> target = targets.get(delivery.subscriptionId());
        Optional<String> event = target.isPresent() ? payloads.eventJson(delivery.eventId()) : Optional.empty();
        if (target.isEmpty() || event.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String eventJson = target.get().creatorIsAdmin() ? event.get() : asUserSees(event.get(),
                delivery.firstAttemptAt() != null ? delivery.firstAttemptAt() : Timestamps.toUtc(now));
        // The same bytes as JSON-P would write for {"event": …, "subscription_id": …}; ids are [A-Za-z0-9_].
        byte[] body = ("{\"event\":" + eventJson + ",\"subscription_id\":\"" + target.get().id() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(now.getEpochSecond());
        return Optional.of(new WebhookRequest(target.get().url(), target.get().verifySsl(), body, timestamp,
                WebhookSignature.sign(target.get().signatureKey(), timestamp, body)));
    }

    /**
     * The event as a user-role creator could read it in the Event Log API at {@code at}: the time
     * of the delivery's first attempt, so that its retries carry the same body. Only a
     * subscription of a user pays for reading the JSON again, and only an event older than an hour
     * when first sent (a late or backfilled one) loses its snapshots.
     */
    static String asUserSees(String webhookJson, LocalDateTime at) {
        JsonObject event = JsonInput.readStored(webhookJson).asJsonObject();
        LocalDateTime dateUpdated = LocalDateTime.parse(event.getString("date_updated"));
        return SnapshotVisibility.shows(false, dateUpdated, at) ? webhookJson : EventJson.withoutData(event).toString();
    }
}
