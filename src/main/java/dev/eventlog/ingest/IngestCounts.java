package dev.eventlog.ingest;

/**
 * What one ingest message came to, announced after its transaction commits: events received,
 * new rows stored, updates merged into an open event, duplicates of known ids ignored. Received
 * minus duplicates, over stored, is the consolidation ratio.
 */
public record IngestCounts(int received, int stored, int merged, int duplicates) {
}
