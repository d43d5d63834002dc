package dev.eventlog.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** A tenant. Its id is usually the producing application's own organization id. */
@Entity
@Table(name = "organization")
public class Organization {

    @Id
    private String id;

    @Column(nullable = false)
    private String name;

    @Column(name = "date_created", nullable = false)
    private LocalDateTime dateCreated;

    protected Organization() {
    }

    public Organization(String id, String name, LocalDateTime dateCreated) {
        this.id = id;
        this.name = name;
        this.dateCreated = dateCreated;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public LocalDateTime getDateCreated() {
        return dateCreated;
    }
}
