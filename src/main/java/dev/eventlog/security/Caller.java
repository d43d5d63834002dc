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

    void authenticate(String organizationId, String userId, Role role) {
        this.organizationId = organizationId;
        this.userId = userId;
        this.role = role;
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
