package dev.eventlog.stream;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * A named consumer of the stream and the position it has committed: it has processed every
 * change up to and including that one. Reading "as" the consumer starts after it, honours its
 * organization and skips events whose {@code ignored_consumers} name it.
 */
@Entity
@Table(name = "stream_consumer")
public class StreamConsumer {

    @Id
    private String name;

    @Column(name = "organization_id")
    private String organizationId;

    /** Its key in {@code processing_options} (e.g. {@code indexing_options}), passed with each event. */
    @Column(name = "options_key")
    private String optionsKey;

    private String description;

    @Column(name = "position_tx", nullable = false)
    private long positionTx;

    @Column(name = "position_seq", nullable = false)
    private long positionSeq;

    @Column(name = "date_created", nullable = false)
    private LocalDateTime dateCreated;

    @Column(name = "date_position_updated", nullable = false)
    private LocalDateTime datePositionUpdated;

    protected StreamConsumer() {
    }

    public StreamConsumer(String name, String organizationId, String optionsKey, String description,
                          StreamPosition position, LocalDateTime now) {
        this.name = name;
        this.organizationId = organizationId;
        this.optionsKey = optionsKey;
        this.description = description;
        this.dateCreated = now;
        moveTo(position, now);
    }

    public void moveTo(StreamPosition position, LocalDateTime now) {
        this.positionTx = position.tx();
        this.positionSeq = position.seq();
        this.datePositionUpdated = now;
    }

    public String getName() { return name; }
    public String getOrganizationId() { return organizationId; }
    public String getOptionsKey() { return optionsKey; }
    public String getDescription() { return description; }
    public StreamPosition getPosition() { return new StreamPosition(positionTx, positionSeq); }
    public LocalDateTime getDateCreated() { return dateCreated; }
    public LocalDateTime getDatePositionUpdated() { return datePositionUpdated; }
}
