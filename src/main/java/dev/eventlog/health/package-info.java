/**
 * Subscription health: warnings, auto-pause (backlog past the limit, failing for days) and admin
 * mail, sent after the deciding transaction commits; and removing a dropped backlog's or a deleted
 * subscription's rows in batches after the fact. Owns no table: it writes a subscription's warning
 * fields (pauses go through {@code delivery}'s {@code DeliverySteps}), deletes backlog and attempt
 * rows through {@code delivery}'s {@code Backlog} and {@code attempt}'s log, and last a deleted
 * subscription's own row.
 */
package dev.eventlog.health;
