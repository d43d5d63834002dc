package dev.eventlog.event;

import dev.eventlog.platform.json.JsonValueConverter;
import jakarta.json.JsonValue;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One fact about one object, as stored in the partitioned {@code event} table. The table's primary
 * key is (id, date_created) because PostgreSQL wants the partition key in it; ingest keeps {@code id}
 * unique by itself, which is why it alone is the JPA identity.
 */
@Entity
@Table(name = "event")
public class Event {

    @Id
    private String id;

    @Column(name = "organization_id", nullable = false)
    private String organizationId;

    @Column(name = "user_id")
    private String userId;

    @Column(name = "request_id")
    private String requestId;

    @Column(name = "api_key_id")
    private String apiKeyId;

    @Column(name = "lead_id")
    private String leadId;

    @Column(name = "object_type", nullable = false)
    private String objectType;

    @Column(name = "object_id", nullable = false)
    private String objectId;

    @Column(nullable = false)
    private String action;

    @Convert(converter = JsonValueConverter.class)
    private JsonValue data;

    @Convert(converter = JsonValueConverter.class)
    @Column(name = "previous_data")
    private JsonValue previousData;

    @Convert(converter = JsonValueConverter.class)
    @Column(name = "changed_fields", nullable = false)
    private JsonValue changedFields;

    @Convert(converter = JsonValueConverter.class)
    private JsonValue meta;

    @Convert(converter = JsonValueConverter.class)
    @Column(name = "internal_metadata")
    private JsonValue internalMetadata;

    @Column(name = "visible_in_log", nullable = false)
    private boolean visibleInLog = true;

    /** An updated event that later updates may still fold into: true until its webhook is dispatched. */
    @Column(name = "consolidating", nullable = false)
    private boolean consolidating;

    /** Consolidation's memory of a merged event (see consolidation.MergeState); null until a merge. */
    @Convert(converter = JsonValueConverter.class)
    @Column(name = "merge_state")
    private JsonValue mergeState;

    @Column(name = "date_created", nullable = false)
    private LocalDateTime dateCreated;

    @Column(name = "date_updated", nullable = false)
    private LocalDateTime dateUpdated;

    public Event() {
    }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getOrganizationId() { return organizationId; }
    public void setOrganizationId(String organizationId) { this.organizationId = organizationId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getRequestId() { return requestId; }
    public void setRequestId(String requestId) { this.requestId = requestId; }
    public String getApiKeyId() { return apiKeyId; }
    public void setApiKeyId(String apiKeyId) { this.apiKeyId = apiKeyId; }
    public String getLeadId() { return leadId; }
    public void setLeadId(String leadId) { this.leadId = leadId; }
    public String getObjectType() { return objectType; }
    public void setObjectType(String objectType) { this.objectType = objectType; }
    public String getObjectId() { return objectId; }
    public void setObjectId(String objectId) { this.objectId = objectId; }
    public String getAction() { return action; }
    public void setAction(String action) { this.action = action; }
    public JsonValue getData() { return data; }
    public void setData(JsonValue data) { this.data = data; }
    public JsonValue getPreviousData() { return previousData; }
    public void setPreviousData(JsonValue previousData) { this.previousData = previousData; }
    public JsonValue getChangedFields() { return changedFields; }
    public void setChangedFields(JsonValue changedFields) { this.changedFields = changedFields; }
    public JsonValue getMeta() { return meta; }
    public void setMeta(JsonValue meta) { this.meta = meta; }
    public JsonValue getInternalMetadata() { return internalMetadata; }
    public void setInternalMetadata(JsonValue internalMetadata) { this.internalMetadata = internalMetadata; }
    public boolean isVisibleInLog() { return visibleInLog; }
    public void setVisibleInLog(boolean visibleInLog) { this.visibleInLog = visibleInLog; }
    public boolean isConsolidating() { return consolidating; }
    public void setConsolidating(boolean consolidating) { this.consolidating = consolidating; }
    public JsonValue getMergeState() { return mergeState; }
    public void setMergeState(JsonValue mergeState) { this.mergeState = mergeState; }
    public LocalDateTime getDateCreated() { return dateCreated; }
    public void setDateCreated(LocalDateTime dateCreated) { this.dateCreated = dateCreated; }
    public LocalDateTime getDateUpdated() { return dateUpdated; }
    public void setDateUpdated(LocalDateTime dateUpdated) { this.dateUpdated = dateUpdated; }
}
