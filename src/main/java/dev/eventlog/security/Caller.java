package dev.eventlog.security;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling, set once per request by {@link AuthenticationFilter}. Resources read it and pass
 * plain values (organization id, user id, role) to services, which never look at the request.
 */
@RequestScoped
public class Caller {

    private String organizationId;
    private String userId;
    private Role role;
    private String keyId;

    void authenticate(String organizationId, String userId, Role role) {
        this.organizationId = organizationId;
        this.userId = userId;
        this.role = role;
    }

    /** The key's id, for limits kept per key (event.EventLogLimits); null for the system token. */
    void identifyKey(String keyId) {
        this.keyId = keyId;
    }

    public String keyId() {
        return keyId;
    }

    public String organizationId() {
        return organizationId;
    }

    public String userId() {
        return userId;
    }

    public Role role() {
        return role;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
