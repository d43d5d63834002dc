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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return Optional.of(signed(target.get(), delivery.id(), eventJson, now));
    }

    /**
     * A POST of {@code eventJson} (a test event, made up for the call) to the subscription, whether
     * it is active or paused, signed and shaped as its deliveries are. Empty when it is gone.
     */
    public Optional<WebhookRequest> prepare(String subscriptionId, String deliveryId, String eventJson) {
        return targets.get(subscriptionId).map(target -> signed(target, deliveryId, eventJson, clock.instant()));
    }

    private static WebhookRequest signed(SubscriptionTargets.Target target, String deliveryId, String eventJson, Instant now) {
        // The same bytes as JSON-P would write for {"event": …, "subscription_id": …}; ids are [A-Za-z0-9_].
        byte[] body = ("{\"event\":" + eventJson + ",\"subscription_id\":\"" + target.id() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(now.getEpochSecond());
        return new WebhookRequest(target.url(), target.verifySsl(), body,
                signatures(target.keys(), deliveryId, timestamp, body, Timestamps.toUtc(now)),
                signedWith(target.keys(), Timestamps.toUtc(now)));
    }

    /**
     * The signature headers of the subscription's scheme. During a rotation's grace both keys sign:
     * Standard Webhooks lists both in one header, as its specification says; Close's header keeps
     * the key receivers had before the rotation (so one not yet updated goes on verifying it) and
     * {@code close-sig-hash-new} carries the new key's. {@code webhook-id} is the delivery's id: the
     * same on every retry, so receivers dedupe on it.
     */
    static List<Map.Entry<String, String>> signatures(SubscriptionTargets.Keys keys, String deliveryId, String timestamp,
                                                      byte[] body, LocalDateTime now) {
        String previous = keys.previousAt(now);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (WebhookSignature.signsClose(keys.scheme())) {
            headers.add(Map.entry("close-sig-timestamp", timestamp));
            headers.add(Map.entry("close-sig-hash", WebhookSignature.sign(previous != null ? previous : keys.current(), timestamp, body)));
            if (previous != null) {
                headers.add(Map.entry("close-sig-hash-new", WebhookSignature.sign(keys.current(), timestamp, body)));
            }
        }
        if (WebhookSignature.signsStandard(keys.scheme())) {
            String signature = "v1," + WebhookSignature.signStandard(keys.current(), deliveryId, timestamp, body);
            if (previous != null) {
                signature += " v1," + WebhookSignature.signStandard(previous, deliveryId, timestamp, body);
            }
            headers.add(Map.entry("webhook-id", deliveryId));
            headers.add(Map.entry("webhook-timestamp", timestamp));
            headers.add(Map.entry("webhook-signature", signature));
        }
        return headers;
    }

    static String signedWith(SubscriptionTargets.Keys keys, LocalDateTime now) {
        return keys.scheme() + " " + keys.generation() + (keys.previousAt(now) != null ? "," + (keys.generation() - 1) : "");
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
