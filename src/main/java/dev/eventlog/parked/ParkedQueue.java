package dev.eventlog.parked;

import dev.eventlog.platform.jms.Destinations;
import java.util.Arrays;
import java.util.Optional;

/** The two queues ingest messages are parked on, by the name the API uses for them. */
public enum ParkedQueue {
    /** Refused by the ingest consumer (invalid JSON, invalid events, an event that could not be stored). */
    REJECTED("rejected", Destinations.INGEST_REJECTED_NAME),
    /** Failed on every delivery: the broker's dead-letter address for the ingest queue. */
    DEAD("dead", Destinations.INGEST_DEAD_NAME);

    private final String label;
    private final String destinationName;

    ParkedQueue(String label, String destinationName) {
        this.label = label;
        this.destinationName = destinationName;
    }

    public String label() {
        return label;
    }

    public String destinationName() {
        return destinationName;
    }

    public static Optional<ParkedQueue> of(String label) {
        return Arrays.stream(values()).filter(q -> q.label.equals(label)).findFirst();
    }
}
