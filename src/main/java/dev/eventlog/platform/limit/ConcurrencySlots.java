package dev.eventlog.platform.limit;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts work in progress per group (an organization) and in all, refusing a new piece when
 * either is at its limit. Refuses rather than waits: a waiting request holds a thread, and the
 * caller is better told at once to come back (with {@code Retry-After}) than left hanging.
 *
 * <p>One lock for all groups: taking and giving back a slot costs nanoseconds next to the database
 * query it guards. Limits are passed on every call, so a changed setting applies at once; a group
 * whose count drops to zero is forgotten.
 */
public final class ConcurrencySlots {

    public enum Admission { ADMITTED, GROUP_FULL, ALL_FULL }

    private final Map<String, Integer> byGroup = new HashMap<>();
    private int total;

    /** On {@link Admission#ADMITTED} the caller must {@link #release} the slot when done. */
    public synchronized Admission acquire(String group, int perGroup, int inAll) {
        int inGroup = byGroup.getOrDefault(group, 0);
        if (inGroup >= perGroup) {
            return Admission.GROUP_FULL;
        }
        if (total >= inAll) {
            return Admission.ALL_FULL;
        }
        byGroup.put(group, inGroup + 1);
        total++;
        return Admission.ADMITTED;
    }

    public synchronized void release(String group) {
        Integer inGroup = byGroup.get(group);
        if (inGroup == null) {
            throw new IllegalStateException("no slot held for " + group);
        }
        if (inGroup == 1) {
            byGroup.remove(group);
        } else {
            byGroup.put(group, inGroup - 1);
        }
        total--;
    }

    synchronized int inUse() {
        return total;
    }

    synchronized int groups() {
        return byGroup.size();
    }
}
