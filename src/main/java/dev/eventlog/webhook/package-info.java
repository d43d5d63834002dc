/**
 * Webhook subscriptions: the Close-compatible API, validation of targets (no private addresses;
 * their hosts resolved off the caller's thread and kept 30 s) and of extra_filter, limits, signing keys, and matching events against subscriptions; pausing a deactivated
 * user's subscriptions. Knows
 * nothing of HTTP delivery; {@code dispatch}, {@code delivery}, {@code attempt} and {@code health} depend on
 * this package, not the other way round.
 */
package dev.eventlog.webhook;
