package dev.eventlog.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Convert;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** A person (or integration) of one organization; owns API keys and webhook subscriptions. */
@Entity
@Table(name = "app_user")
public class AppUser {

    @Id
    private String id;

    @Column(name = "organization_id", nullable = false)
    private String organizationId;

    @Column(nullable = false)
    private String email;

    private String name;

    @Convert(converter = RoleConverter.class)
    @Column(nullable = false)
    private Role role;

    @Column(name = "date_created", nullable = false)
    private LocalDateTime dateCreated;

    /** Set once: a deactivated user's keys are revoked and stay refused; the row stays for the record. */
    @Column(name = "date_deactivated")
    private LocalDateTime dateDeactivated;

    protected AppUser() {
    }

    public AppUser(String id, String organizationId, String email, String name, Role role, LocalDateTime dateCreated) {
        this.id = id;
        this.organizationId = organizationId;
        this.email = email;
        this.name = name;
        this.role = role;
        this.dateCreated = dateCreated;
    }

    public String getId() {
        return id;
    }

    public String getOrganizationId() {
        return organizationId;
    }

    public String getEmail() {
        return email;
    }

    public String getName() {
        return name;
    }

    public Role getRole() {
        return role;
    }

    public LocalDateTime getDateCreated() {
        return dateCreated;
    }

    public void setRole(Role role) {
        this.role = role;
    }

    public LocalDateTime getDateDeactivated() {
        return dateDeactivated;
    }

    public boolean isActive() {
        return dateDeactivated == null;
    }

    public void deactivate(LocalDateTime when) {
        this.dateDeactivated = when;
    }
}
