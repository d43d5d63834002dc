package dev.eventlog.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventlog.platform.error.ValidationException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriptionRequestTest {

    private final ResolvedHosts hosts = ResolvedHosts.system();
    private final WebhookTargets targets = WebhookTargets.of(new AddressGuard(List.of("127.0.0.0/8")), hosts, Duration.ofSeconds(5));

    @AfterEach
    void closeHosts() {
        hosts.close();
    }

    private final FilterLimits limits = new FilterLimits(10, 25);

    private static JsonObject withFilter(String value) {
        return withFilters(Json.createObjectBuilder().add("type", "contains").add("value", value).build());
    }

    private static JsonObject withFilters(JsonObject... filters) {
        JsonArrayBuilder events = Json.createArrayBuilder();
        for (JsonObject filter : filters) {
            events.add(Json.createObjectBuilder().add("object_type", "lead").add("action", "created").add("extra_filter", filter));
        }
        return Json.createObjectBuilder().add("url", "http://127.0.0.1:9/hooks").add("events", events).build();
    }

    /** {"type": "or", "filters": [n × {"type": "equals", "value": "won"}]}: 1 + 2n terms. */
    private static JsonObject orOfEquals(int n) {
        JsonArrayBuilder filters = Json.createArrayBuilder();
        for (int i = 0; i < n; i++) {
            filters.add(Json.createObjectBuilder().add("type", "equals").add("value", "won"));
        }
        return Json.createObjectBuilder().add("type", "or").add("filters", filters).build();
    }

    @Test
    void aFilterLargerThanTheLimitIsAFieldError() {
        // Every event of the organization is matched against every filter.
        SubscriptionRequest.parse(withFilter("x".repeat(SubscriptionRequest.MAX_FILTER_CHARS - 100)), true, targets, limits);
        ValidationException e = assertThrows(ValidationException.class,
                () -> SubscriptionRequest.parse(withFilter("x".repeat(SubscriptionRequest.MAX_FILTER_CHARS)), true, targets, limits));
        assertEquals("At most " + SubscriptionRequest.MAX_FILTER_CHARS + " characters of JSON.",
                e.fieldErrors().get("events[0].extra_filter"));
    }

    @Test
    void aFilterWithMoreTermsThanTheLimitIsAFieldErrorAlthoughItsTextIsSmall() {
        SubscriptionRequest.parse(withFilters(orOfEquals(4)), true, targets, limits); // 9 terms
        ValidationException e = assertThrows(ValidationException.class,
                () -> SubscriptionRequest.parse(withFilters(orOfEquals(5)), true, targets, limits));
        assertEquals(Map.of("events[0].extra_filter", "At most 10 terms (filters and the values in them); this one has 11."),
                e.fieldErrors());
    }

    @Test
    void valuesCountAsTerms() {
        JsonObject inArray = Json.createObjectBuilder().add("type", "contains")
                .add("value", Json.createArrayBuilder().add(1).add(2).add(3).add(4).add(5).add(6).add(7).add(8).add(9)).build();
        ValidationException e = assertThrows(ValidationException.class,
                () -> SubscriptionRequest.parse(withFilters(inArray), true, targets, limits));
        assertEquals("At most 10 terms (filters and the values in them); this one has 11.",
                e.fieldErrors().get("events[0].extra_filter"));
    }

    @Test
    void theFiltersOfOneSubscriptionAreCappedTogether() {
        SubscriptionRequest.parse(withFilters(orOfEquals(4), orOfEquals(4)), true, targets, limits); // 18 terms
        ValidationException e = assertThrows(ValidationException.class,
                () -> SubscriptionRequest.parse(withFilters(orOfEquals(4), orOfEquals(4), orOfEquals(4)), true, targets, limits));
        assertEquals(Map.of("events", "The extra_filters of one subscription may have at most 25 terms in all "
                + "(filters and the values in them); these have 27."), e.fieldErrors());
    }
}
