package dev.eventlog.redelivery;

import dev.eventlog.event.Event;
import dev.eventlog.event.EventJson;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.json.JsonValue;
import java.time.LocalDateTime;

/**
 * The event of a test delivery: shaped like every webhook event, so a receiver's parsing is tried
 * too, but of its own kind ({@code object_type "webhook"}, {@code action "test"}) so that a
 * receiver can tell it from real traffic. It is never stored in the log.
 */
final class TestEventJson {

    static final String OBJECT_TYPE = "webhook";
    static final String ACTION = "test";

    private TestEventJson() {
    }

    static String of(WebhookSubscription subscription, String eventId, String userId, LocalDateTime now) {
        Event event = new Event();
        event.setId(eventId);
        event.setOrganizationId(subscription.getOrganizationId());
        event.setUserId(userId);
        event.setObjectType(OBJECT_TYPE);
        event.setObjectId(subscription.getId());
        event.setAction(ACTION);
        event.setDateCreated(now);
        event.setDateUpdated(now);
        event.setMeta(Jsonp.createObjectBuilder().add("test", true).build());
        event.setChangedFields(JsonValue.EMPTY_JSON_ARRAY);
        event.setData(Jsonp.createObjectBuilder()
                .add("id", subscription.getId())
                .add("url", subscription.getUrl())
                .add("message", "A test event, sent on request (POST /api/v1/webhook/" + subscription.getId()
                        + "/test/). Real events look the same with their own object_type and action.")
                .build());
        return EventJson.webhookJson(event).toString();
    }
}
