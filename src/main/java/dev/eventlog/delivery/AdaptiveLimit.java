package dev.eventlog.delivery;

/**
 * How many requests one subscription may have in flight on this node, adapted to its receiver
 * (additive increase, multiplicative decrease, as TCP does for a congestion window). It starts
 * small; each fast success while deliveries wait for a slot allows one more, up to the ceiling;
 * a sign of overload (no answer, 429, 5xx, or an answer slower than {@code slowMillis}) halves it.
 * A fast receiver is soon fed at its own pace, while a slow or failing one holds few connections,
 * and the rest of the subscriptions never wait for it.
 */
final class AdaptiveLimit {

    static final int INITIAL = 4;

    /** An answer this fast, while others wait, earns one more slot. */
    static final long FAST_MILLIS = 1_000;

    private final int ceiling;
    private final long slowMillis;
    private int limit;
    private int inFlight;

    AdaptiveLimit(int ceiling, long slowMillis) {
        this.ceiling = Math.max(1, ceiling);
        this.slowMillis = slowMillis;
        this.limit = Math.min(INITIAL, this.ceiling);
    }

    synchronized boolean tryAcquire() {
        if (inFlight < limit) {
            inFlight++;
            return true;
        }
        return false;
    }

    synchronized void release() {
        if (inFlight > 0) {
            inFlight--;
        }
    }

    /**
     * Adapts the limit to one answer.
     *
     * @param others whether other deliveries of the subscription are waiting for a slot: growing
     *               only then keeps an idle subscription from collecting slots it never proved it needs
     * @return true when the limit grew, i.e. one more request may start now
     */
    synchronized boolean onAnswer(Integer statusCode, long latencyMillis, boolean others) {
        boolean overloaded = statusCode == null || statusCode == 429 || statusCode >= 500 || latencyMillis >= slowMillis;
        if (overloaded) {
            limit = Math.max(1, limit / 2);
            return false;
        }
        boolean fastSuccess = statusCode >= 200 && statusCode < 300 && latencyMillis < FAST_MILLIS;
        if (fastSuccess && others && limit < ceiling) {
            limit++;
            return true;
        }
        return false;
    }

    synchronized int limit() {
        return limit;
    }

    synchronized int inFlight() {
        return inFlight;
    }
}
