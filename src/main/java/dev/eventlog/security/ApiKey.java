package dev.eventlog.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * A credential, stored as a hash only. {@code api} keys belong to a user of one organization and
 * read that organization's data; {@code ingest} keys belong to a producing application and may
 * only post events; {@code consumer} keys read the stream (package stream) of every organization,
 * or of the one they name.
 */
@Entity
@Table(name = "api_key")
public class ApiKey {

    public static final String KIND_API = "api";
    public static final String KIND_INGEST = "ingest";
    /** A stream consumer's key (package stream): all organizations, or the one it names. */
    public static final String KIND_CONSUMER = "consumer";

    @Id
    private String id;

    @Column(name = "key_hash", nullable = false, unique = true)
    private String keyHash;

    @Column(nullable = false)
    private String kind;

    @Column(name = "user_id")
    private String userId;

    @Column(name = "organization_id")
    private String organizationId;

    private String description;

    @Column(name = "date_created", nullable = false)
    private LocalDateTime dateCreated;

    @Column(name = "date_revoked")
    private LocalDateTime dateRevoked;

    /** The secret's first characters, to recognise a key by; null for keys issued before V8. */
    @Column(name = "key_prefix")
    private String keyPrefix;

    @Column(name = "date_last_used")
    private LocalDateTime dateLastUsed;

    protected ApiKey() {
    }

    public ApiKey(String id, String keyHash, String kind, String userId, String organizationId,
                  String keyPrefix, String description, LocalDateTime dateCreated) {
        this.id = id;
        this.keyHash = keyHash;
        this.kind = kind;
        this.userId = userId;
        this.organizationId = organizationId;
        this.keyPrefix = keyPrefix;
        this.description = description;
        this.dateCreated = dateCreated;
    }

    public String getId() {
        return id;
    }

    public String getKind() {
        return kind;
    }

    public String getUserId() {
        return userId;
    }

    public String getOrganizationId() {
        return organizationId;
    }

    public String getDescription() {
        return description;
    }

    public LocalDateTime getDateCreated() {
        return dateCreated;
    }

    public LocalDateTime getDateRevoked() {
        return dateRevoked;
    }

    public boolean isRevoked() {
        return dateRevoked != null;
    }

    public void revoke(LocalDateTime when) {
        this.dateRevoked = when;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public LocalDateTime getDateLastUsed() {
        return dateLastUsed;
    }
}
