/**
 * The attempt log: every attempt as it happened, written by {@code delivery} and read through the
 * API of a subscription's attempts (newest first, cursor-paginated); purged past its retention by
 * {@code retention}, and cleared of a deleted subscription's attempts by {@code health}. Owns
 * delivery_attempt.
 */
package dev.eventlog.attempt;
