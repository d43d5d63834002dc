package dev.eventlog.event;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * Who may read an event's {@code data} and {@code previous_data}: admins always, users only while
 * the event is fresh. One rule for the Event Log API and for the webhooks a user subscribed, so a
 * user cannot get through a subscription what the API would hide from them.
 */
public final class SnapshotVisibility {

    /** How long after its last update a user may read an event's snapshots. */
    public static final Duration USER_WINDOW = Duration.ofHours(1);

    private SnapshotVisibility() {
    }

    /** Whether a reader of this role, at {@code at}, sees the snapshots of an event updated at {@code dateUpdated}. */
    public static boolean shows(boolean admin, LocalDateTime dateUpdated, LocalDateTime at) {
        return admin || dateUpdated.isAfter(at.minus(USER_WINDOW));
    }
}
