package dev.eventlog.security;

import java.time.LocalDateTime;

/**
 * Fired inside the transaction that deactivates a user, so that what the user set up (webhook
 * subscriptions) stops in the same commit. Observers live in their own features; security does
 * not know them.
 *
 * @param byUserId the admin who deactivated them
 */
public record UserDeactivated(String organizationId, String userId, String byUserId, LocalDateTime at) {
}
