package dev.eventlog.stream;

/**
 * Fired (CDI) by the transaction that stores or merges events. Observed after it commits, on this
 * node, to wake long-polls and the JMS feed at once; other nodes' commits reach them by the
 * once-a-second tick (StreamTimer).
 */
public record StreamChanged() {

    public static final StreamChanged INSTANCE = new StreamChanged();
}
