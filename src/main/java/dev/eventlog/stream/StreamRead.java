package dev.eventlog.stream;

/**
 * One read of the stream: what follows {@code after}, at most {@code limit} changes, optionally of
 * one organization only, skipping events whose {@code ignored_consumers} name {@code consumer}.
 */
public record StreamRead(StreamPosition after, int limit, String organizationId, String consumer) {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public StreamRead from(StreamPosition position) {
        return new StreamRead(position, limit, organizationId, consumer);
    }
}
