package dev.eventlog.attempt;

import dev.eventlog.delivery.AttemptOutcome;
import dev.eventlog.delivery.Backlog;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One row of the attempt log. Written as an entity, not a native INSERT, so that the attempts of
 * a batch (SuccessRecorder) go to PostgreSQL as one batched statement; read by native SQL
 * (AttemptLog.list).
 */
@Entity
@Table(name = "delivery_attempt")
public class DeliveryAttempt {

    @Id
    private String id;

    @Column(name = "subscription_id", nullable = false)
    private String subscriptionId;

    @Column(name = "delivery_id", nullable = false)
    private String deliveryId;

    @Column(name = "event_id", nullable = false)
    private String eventId;

    @Column(name = "attempted_at", nullable = false)
    private LocalDateTime attemptedAt;

    @Column(nullable = false)
    private String outcome;

    @Column(name = "status_code")
    private Integer statusCode;

    @Column(name = "latency_ms")
    private Integer latencyMs;

    private String error;

    @Column(name = "response_body")
    private String responseBody;

    /** The signature scheme and key generations of the request ("both 2,1"); null if none was sent. */
    @Column(name = "signed_with")
    private String signedWith;

    protected DeliveryAttempt() {
    }

    DeliveryAttempt(String id, Backlog.Claimed delivery, LocalDateTime attemptedAt, String outcome, AttemptOutcome result) {
        this.id = id;
        this.subscriptionId = delivery.subscriptionId();
        this.deliveryId = delivery.id();
        this.eventId = delivery.eventId();
        this.attemptedAt = attemptedAt;
        this.outcome = outcome;
        this.statusCode = result.statusCode();
        this.latencyMs = (int) result.latencyMillis();
        this.error = result.error();
        this.responseBody = result.responseBody();
        this.signedWith = result.signedWith();
    }
}
