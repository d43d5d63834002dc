package dev.eventlog.stream;

import dev.eventlog.event.Event;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One change in the stream: an event as this version of it was written, at its position, logged
 * at {@code dateLogged} (the database's clock). {@code unreadable} names the JSON fields whose
 * stored value could not be read (valid jsonb that an older version or another tool wrote, nested
 * deeper than JSON-P reads): they are null in {@code event}, and the change is still in the stream,
 * so no stored row can stop a reader at its position.
 */
public record StreamEntry(StreamPosition position, LocalDateTime dateLogged, Event event, List<String> unreadable) {
}
