package dev.eventlog.stream;

import dev.eventlog.event.Event;

/** One change in the stream: an event as this version of it was written, at its position. */
public record StreamEntry(StreamPosition position, Event event) {

    public static StreamEntry of(Event event) {
        return new StreamEntry(new StreamPosition(event.getStreamTx(), event.getStreamSeq()), event);
    }
}
