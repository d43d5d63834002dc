package dev.eventlog.delivery;

import dev.eventlog.webhook.WebhookSignature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
        // The same bytes as JSON-P would write for {"event": …, "subscription_id": …}; ids are [A-Za-z0-9_].
        byte[] body = ("{\"event\":" + event.get() + ",\"subscription_id\":\"" + target.get().id() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        return Optional.of(new WebhookRequest(target.get().url(), target.get().verifySsl(), body, timestamp,
                WebhookSignature.sign(target.get().signatureKey(), timestamp, body)));
    }
}
