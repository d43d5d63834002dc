package dev.eventlog.redelivery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * A recovery of a window of the log for one subscription. It scans the window's events in
 * (date_updated, id) order, queues those the subscription wants and has not received, at most so
 * many outstanding at once, then waits for the last of them to be delivered or dropped.
 */
@Entity
@Table(name = "webhook_recovery")
public class Recovery {

    static final String SCANNING = "scanning";
    static final String SENDING = "sending";
    static final String FINISHED = "finished";
    static final String STOPPED = "stopped";

    /** SQL: a recovery still scanning or sending (webhook_recovery_unfinished indexes exactly these). */
    static final String UNFINISHED = "status IN ('" + SCANNING + "', '" + SENDING + "')";

    @Id
    private String id;

    @Column(name = "subscription_id", nullable = false)
    private String subscriptionId;

    @Column(nullable = false)
    private LocalDateTime since;

    @Column(nullable = false)
    private LocalDateTime until;

    @Column(name = "include_delivered", nullable = false)
    private boolean includeDelivered;

    @Column(nullable = false)
    private String status = SCANNING;

    @Column(name = "stop_reason")
    private String stopReason;

    /** The last event scanned; null before the first. */
    @Column(name = "cursor_updated")
    private LocalDateTime cursorUpdated;

    @Column(name = "cursor_id")
    private String cursorId;

    private long scanned;
    private long matched;
    private long skipped;
    private long queued;

    /** Kept once the recovery is over; counted from its deliveries before. */
    private Long delivered;
    private Long failed;

    @Column(name = "created_by")
    private String createdBy;

    @Column(name = "date_created", nullable = false)
    private LocalDateTime dateCreated;

    @Column(name = "date_finished")
    private LocalDateTime dateFinished;

    protected Recovery() {
    }

    Recovery(String id, String subscriptionId, LocalDateTime since, LocalDateTime until, boolean includeDelivered,
             String createdBy, LocalDateTime now) {
        this.id = id;
        this.subscriptionId = subscriptionId;
        this.since = since;
        this.until = until;
        this.includeDelivered = includeDelivered;
        this.createdBy = createdBy;
        this.dateCreated = now;
    }

    boolean isScanning() {
        return SCANNING.equals(status);
    }

    boolean isOver() {
        return FINISHED.equals(status) || STOPPED.equals(status);
    }

    /** One batch of the scan: the last event it read, and what came of the batch. */
    void scannedBatch(LocalDateTime lastUpdated, String lastId, int events, int matchedEvents, int queuedDeliveries) {
        cursorUpdated = lastUpdated;
        cursorId = lastId;
        scanned += events;
        matched += matchedEvents;
        queued += queuedDeliveries;
        skipped += matchedEvents - queuedDeliveries;
    }

    void scanDone() {
        status = SENDING;
    }

    void end(String endStatus, String reason, long deliveredCount, long failedCount, LocalDateTime now) {
        status = endStatus;
        stopReason = reason;
        delivered = deliveredCount;
        failed = failedCount;
        dateFinished = now;
    }

    public String getId() { return id; }
    public String getSubscriptionId() { return subscriptionId; }
    public LocalDateTime getSince() { return since; }
    public LocalDateTime getUntil() { return until; }
    public boolean isIncludeDelivered() { return includeDelivered; }
    public String getStatus() { return status; }
    public String getStopReason() { return stopReason; }
    public LocalDateTime getCursorUpdated() { return cursorUpdated; }
    public String getCursorId() { return cursorId; }
    public long getScanned() { return scanned; }
    public long getMatched() { return matched; }
    public long getSkipped() { return skipped; }
    public long getQueued() { return queued; }
    public Long getDelivered() { return delivered; }
    public Long getFailed() { return failed; }
    public String getCreatedBy() { return createdBy; }
    public LocalDateTime getDateCreated() { return dateCreated; }
    public LocalDateTime getDateFinished() { return dateFinished; }
}
