package dev.eventlog.event;

import java.util.List;

/** One page of the log, newest first, with the cursors to move older and newer. */
public record EventPage(List<Event> events, EventCursor next, EventCursor previous) {
}
