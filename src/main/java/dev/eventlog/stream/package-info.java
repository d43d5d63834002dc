/**
 * The stream: every stored event and every consolidation change to one, in one commit-safe order
 * that internal consumers (indexers, syncs) follow by position without ever skipping a row.
 * Boundaries: {@link dev.eventlog.stream.StreamResource} (read, long-poll, resolve a time),
 * {@link dev.eventlog.stream.ConsumerResource} (named consumers and their stored positions),
 * {@link dev.eventlog.stream.StreamTimer} (time marks, wake-ups), and the JMS feed
 * ({@link dev.eventlog.stream.StreamFeed}), which publishes the stream to a topic by following
 * it like any other consumer. Why positions never skip: V9's migration and DESIGN.md §11.
 */
package dev.eventlog.stream;
