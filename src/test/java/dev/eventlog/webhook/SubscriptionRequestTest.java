package dev.eventlog.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventlog.platform.error.ValidationException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriptionRequestTest {

    private final ResolvedHosts hosts = ResolvedHosts.system();
    private final WebhookTargets targets = WebhookTargets.of(new AddressGuard(List.of("127.0.0.0/8")), hosts, Duration.ofSeconds(5));

    @AfterEach
    void closeHosts() {
        hosts.close();
    }

    private static JsonObject withFilter(String value) {
        return Json.createObjectBuilder().add("url", "http://127.0.0.1:9/hooks")
                .add("events", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("object_type", "lead").add("action", "created")
                        .add("extra_filter", Json.createObjectBuilder().add("type", "contains").add("value", value))))
                .build();
    }

    @Test
    void aFilterLargerThanTheLimitIsAFieldError() {
        // Every event of the organization is matched against every filter.
        SubscriptionRequest.parse(withFilter("x".repeat(SubscriptionRequest.MAX_FILTER_CHARS - 100)), true, targets);
        ValidationException e = assertThrows(ValidationException.class,
                () -> SubscriptionRequest.parse(withFilter("x".repeat(SubscriptionRequest.MAX_FILTER_CHARS)), true, targets));
        assertEquals("At most " + SubscriptionRequest.MAX_FILTER_CHARS + " characters of JSON.",
                e.fieldErrors().get("events[0].extra_filter"));
    }
}
