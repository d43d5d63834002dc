package dev.eventlog.security;

import java.util.Locale;

/** What a user's API keys may do inside their organization. */
public enum Role {
    ADMIN, USER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String value) {
        for (Role role : values()) {
            if (role.wireName().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be 'admin' or 'user'");
    }
}
