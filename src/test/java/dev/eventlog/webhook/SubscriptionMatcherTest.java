package dev.eventlog.webhook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class SubscriptionMatcherTest {

    private static final JsonObject WON = Json.createObjectBuilder().add("object_type", "opportunity")
            .add("action", "updated").add("data", Json.createObjectBuilder().add("status_type", "won")).build();

    private static JsonObject spec(String objectType, String action) {
        return Json.createObjectBuilder().add("object_type", objectType).add("action", action).build();
    }

    @Test
    void matchesOnObjectTypeActionAndFilter() {
        JsonObject wonOnly = Json.createObjectBuilder(spec("opportunity", "updated")).add("extra_filter", Json.createObjectBuilder()
                .add("type", "field_accessor").add("field", "data").add("filter", Json.createObjectBuilder()
                        .add("type", "field_accessor").add("field", "status_type")
                        .add("filter", Json.createObjectBuilder().add("type", "equals").add("value", "won")))).build();
        assertTrue(new SubscriptionMatcher(Json.createArrayBuilder().add(wonOnly).build()).matches(WON));
        assertTrue(new SubscriptionMatcher(Json.createArrayBuilder().add(spec("lead", "created"))
                .add(spec("opportunity", "updated")).build()).matches(WON));
        assertFalse(new SubscriptionMatcher(Json.createArrayBuilder().add(spec("opportunity", "created")).build()).matches(WON));
        assertFalse(new SubscriptionMatcher(Json.createArrayBuilder().add(spec("lead", "updated")).build()).matches(WON));
    }

    @Test
    void aStoredFilterThatNoLongerParsesMatchesNothing() {
        JsonObject broken = Json.createObjectBuilder(spec("opportunity", "updated"))
                .add("extra_filter", Json.createObjectBuilder().add("type", "no_such_type")).build();
        assertFalse(new SubscriptionMatcher(Json.createArrayBuilder().add(broken).build()).matches(WON));
    }
}
