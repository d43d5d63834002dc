package dev.eventlog.stream;

import java.util.List;

/**
 * What a read found. {@code next} is where the following read starts: the last entry's position
 * when the page is full, otherwise the horizon, past which nothing can appear that this read did
 * not return. {@code heldBack} says committed changes wait behind a transaction still in progress
 * (a reader that polls sooner gets them sooner).
 */
public record StreamPage(List<StreamEntry> entries, StreamPosition next, boolean full, boolean heldBack) {
}
