package dev.eventlog.webhook;

import dev.eventlog.platform.json.JsonValueConverter;
import jakarta.json.JsonValue;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.LocalDateTime;

/** Where an organization wants which events pushed, and how that has been going. */
@Entity
@Table(name = "webhook_subscription")
public class WebhookSubscription {

    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";

    @Id
    private String id;

    @Column(name = "organization_id", nullable = false)
    private String organizationId;

    @Column(nullable = false)
    private String url;

    /** [{object_type, action, extra_filter?}], validated on the way in. */
    @Convert(converter = JsonValueConverter.class)
    @Column(nullable = false)
    private JsonValue events;

    @Column(name = "verify_ssl", nullable = false)
    private boolean verifySsl = true;

    @Column(nullable = false)
    private String status = ACTIVE;

    @Column(name = "pause_reason")
    private String pauseReason;

    @Column(name = "signature_key", nullable = false)
    private String signatureKey;

    /** close, standard or both (WebhookSignature). */
    @Column(name = "signature_scheme", nullable = false)
    private String signatureScheme = WebhookSignature.CLOSE;

    /** 1 for the first key, one more at each rotation: the attempt log names the generations that signed. */
    @Column(name = "key_generation", nullable = false)
    private int keyGeneration = 1;

    /** The key before the last rotation, still signing until previousKeyExpiresAt. */
    @Column(name = "previous_signature_key")
    private String previousSignatureKey;

    @Column(name = "previous_key_expires_at")
    private LocalDateTime previousKeyExpiresAt;

    @Column(name = "created_by")
    private String createdBy;

    @Column(name = "updated_by")
    private String updatedBy;

    @Column(name = "date_created", nullable = false)
    private LocalDateTime dateCreated;

    @Column(name = "date_updated", nullable = false)
    private LocalDateTime dateUpdated;

    @Column(name = "failing_since")
    private LocalDateTime failingSince;

    @Column(name = "failure_warnings_sent", nullable = false)
    private int failureWarningsSent;

    @Column(name = "backlog_warned", nullable = false)
    private boolean backlogWarned;

    @Column(name = "latest_error")
    private String latestError;

    /**
     * Bumped by every change made through JPA, so one written from a stale read fails (409 for a
     * PUT) instead of silently undoing another. The native updates of the delivery path touch only
     * the health columns and do not bump it: every JPA writer locks the row and reads it again first.
     */
    @Version
    @Column(nullable = false)
    private long version;

    /** Set by the API's delete; the row stays, paused and hidden, until its other rows are gone. */
    @Column(name = "date_deleted")
    private LocalDateTime dateDeleted;

    public boolean isActive() {
        return ACTIVE.equals(status);
    }

    /**
     * A new key from now on; the one it replaces keeps signing as well until {@code graceEnds}
     * (a grace of zero ends it at once). A rotation during another's grace drops the older key.
     */
    public void rotateKey(String newKey, LocalDateTime now, LocalDateTime graceEnds) {
        boolean grace = graceEnds.isAfter(now);
        previousSignatureKey = grace ? signatureKey : null;
        previousKeyExpiresAt = grace ? graceEnds : null;
        signatureKey = newKey;
        keyGeneration++;
    }

    public void pause(String reason, String by, LocalDateTime at) {
        status = PAUSED;
        pauseReason = reason;
        touch(by, at);
    }

    /** A fresh start: health counters reset, so old failures do not pause it again at once. */
    public void activate(String by, LocalDateTime at) {
        status = ACTIVE;
        pauseReason = null;
        failingSince = null;
        failureWarningsSent = 0;
        backlogWarned = false;
        touch(by, at);
    }

    public void markDeleted(String by, LocalDateTime at) {
        pause("deleted", by, at);
        dateDeleted = at;
    }

    public boolean isDeleted() {
        return dateDeleted != null;
    }

    public void touch(String by, LocalDateTime at) {
        updatedBy = by;
        dateUpdated = at;
    }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String organizationId) { this.organizationId = organizationId; }
    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public JsonValue getEvents() { return events; }
    public void setEvents(JsonValue events) { this.events = events; }
    public boolean isVerifySsl() { return verifySsl; }
    public void setVerifySsl(boolean verifySsl) { this.verifySsl = verifySsl; }
    public String getStatus() { return status; }
    public String getPauseReason() { return pauseReason; }
    public String getSignatureKey() { return signatureKey; }
    public String getSignatureScheme() { return signatureScheme; }
    public void setSignatureScheme(String signatureScheme) { this.signatureScheme = signatureScheme; }
    public int getKeyGeneration() { return keyGeneration; }
    public String getPreviousSignatureKey() { return previousSignatureKey; }
    public LocalDateTime getPreviousKeyExpiresAt() { return previousKeyExpiresAt; }
    public void setSignatureKey(String signatureKey) { this.signatureKey = signatureKey; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String createdBy) { this.createdBy = createdBy; }
    public String getUpdatedBy() { return updatedBy; }
    public LocalDateTime getDateCreated() { return dateCreated; }
    public void setDateCreated(LocalDateTime dateCreated) { this.dateCreated = dateCreated; }
    public LocalDateTime getDateUpdated() { return dateUpdated; }
    public LocalDateTime getFailingSince() { return failingSince; }
    public void setFailingSince(LocalDateTime failingSince) { this.failingSince = failingSince; }
    public int getFailureWarningsSent() { return failureWarningsSent; }
    public void setFailureWarningsSent(int failureWarningsSent) { this.failureWarningsSent = failureWarningsSent; }
    public boolean isBacklogWarned() { return backlogWarned; }
    public void setBacklogWarned(boolean backlogWarned) { this.backlogWarned = backlogWarned; }
    public String getLatestError() { return latestError; }
    public void setLatestError(String latestError) { this.latestError = latestError; }
}
