/**
 * Admission limits kept in memory on each node: token buckets per key and counted slots per
 * group. Pure logic with an injected clock; the features decide what is limited and how a refusal
 * is answered.
 */
package dev.eventlog.platform.limit;
