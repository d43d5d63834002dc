package dev.eventlog.security;

import dev.eventlog.platform.time.Timestamps;

/** What the account endpoints return (snake_case JSON through JSON-B). */
final class AccountViews {

    private AccountViews() {
    }

    record OrganizationView(String id, String name, String dateCreated) {
        static OrganizationView of(Organization org) {
            return new OrganizationView(org.getId(), org.getName(), Timestamps.format(org.getDateCreated()));
        }
    }

    record UserView(String id, String organizationId, String email, String name, String role, String dateCreated) {
        static UserView of(AppUser user) {
            return new UserView(user.getId(), user.getOrganizationId(), user.getEmail(), user.getName(),
                    user.getRole().wireName(), Timestamps.format(user.getDateCreated()));
        }
    }

    /** {@code key} is the secret, present only in the answer that created it. */
    record KeyView(String id, String kind, String userId, String organizationId, String description,
                   String dateCreated, String dateRevoked, String key) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.getId(), key.getKind(), key.getUserId(), key.getOrganizationId(),
                    key.getDescription(), Timestamps.format(key.getDateCreated()),
                    key.getDateRevoked() == null ? null : Timestamps.format(key.getDateRevoked()), null);
        }

        static KeyView of(IssuedKey issued) {
            KeyView view = of(issued.key());
            return new KeyView(view.id, view.kind, view.userId, view.organizationId, view.description,
                    view.dateCreated, view.dateRevoked, issued.secret());
        }
    }

    /** A new user together with the first API key they can call the API with. */
    record UserWithKey(UserView user, KeyView apiKey) {
    }

    record OrganizationWithAdmin(OrganizationView organization, UserView admin, KeyView apiKey) {
    }

    record ListOf<T>(java.util.List<T> data) {
    }
}
