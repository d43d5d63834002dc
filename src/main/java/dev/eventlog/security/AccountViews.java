package dev.eventlog.security;

import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.time.Timestamps;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Function;

/** What the account endpoints return, in the API's snake_case JSON. */
final class AccountViews {

    private AccountViews() {
    }

    static JsonObject organization(Organization org) {
        return Jsonp.createObjectBuilder()
                .add("id", org.getId())
                .add("name", org.getName())
                .add("date_created", Timestamps.format(org.getDateCreated()))
                .build();
    }

    static JsonObject user(AppUser user) {
        return Jsonp.createObjectBuilder()
                .add("id", user.getId())
                .add("organization_id", user.getOrganizationId())
                .add("email", user.getEmail())
                .add("name", orNull(user.getName()))
                .add("role", user.getRole().wireName())
                .add("active", user.isActive())
                .add("date_created", Timestamps.format(user.getDateCreated()))
                .add("date_deactivated", time(user.getDateDeactivated()))
                .build();
    }

    static JsonObject key(ApiKey key) {
        return keyBuilder(key).build();
    }

    /** The one answer that carries the secret: the one that created it. */
    static JsonObject key(IssuedKey issued) {
        return keyBuilder(issued.key()).add("key", issued.secret()).build();
    }

    static <T> JsonObject listOf(List<T> items, Function<T, JsonObject> view) {
        JsonArrayBuilder data = Jsonp.createArrayBuilder();
        items.forEach(item -> data.add(view.apply(item)));
        return Jsonp.createObjectBuilder().add("data", data).build();
    }

    private static JsonObjectBuilder keyBuilder(ApiKey key) {
        return Jsonp.createObjectBuilder()
                .add("id", key.getId())
                .add("kind", key.getKind())
                .add("user_id", orNull(key.getUserId()))
                .add("organization_id", orNull(key.getOrganizationId()))
                .add("description", orNull(key.getDescription()))
                .add("prefix", orNull(key.getKeyPrefix()))
                .add("date_created", Timestamps.format(key.getDateCreated()))
                .add("date_last_used", time(key.getDateLastUsed()))
                .add("date_revoked", time(key.getDateRevoked()));
    }

    private static JsonValue orNull(String value) {
        return value == null ? JsonValue.NULL : Jsonp.createValue(value);
    }

    private static JsonValue time(LocalDateTime value) {
        return value == null ? JsonValue.NULL : Jsonp.createValue(Timestamps.format(value));
    }
}
