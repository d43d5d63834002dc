package dev.eventlog.delivery;

/**
 * How many requests one subscription may have in flight on this node, adapted to its receiver in
 * the manner of TCP Vegas: the lowest latency seen is the receiver's time without queueing, and
 * {@code limit × (1 − lowest / latest)} estimates how many requests wait inside the receiver. While
 * fewer than {@link #GROW_BELOW} wait (and deliveries wait here for a slot) the limit grows by one;
 * above {@link #SHRINK_ABOVE} it shrinks by one; a sign of overload (no answer, 429, 5xx, or an
 * answer slower than {@code slowMillis}) halves it. A fast receiver is soon fed at its own pace
 * without a queue building up in front of it, a slow or failing one holds few connections, and
 * the other subscriptions never wait for it.
 *
 * <p>Growing on "fast enough" answers alone (the first version) let a loopback receiver be driven
 * to 640 connections and half-second answers in the fan-out benchmark: more requests in flight
 * only lengthen the receiver's queue.
 */
final class AdaptiveLimit {

    static final int INITIAL = 4;
    static final double GROW_BELOW = 3;
    static final double SHRINK_ABOVE = 6;
    /** The lowest latency is measured afresh this often, so a receiver that got slower for good is re-learnt. */
    static final int RELEARN_EVERY = 1_000;

    private int ceiling;
    private final long slowMillis;
    private int limit;
    private int inFlight;
    private long lowestMillis = -1;
    private int answers;

    AdaptiveLimit(int ceiling, long slowMillis) {
        this.ceiling = Math.max(0, ceiling);
        this.slowMillis = slowMillis;
        this.limit = Math.min(INITIAL, this.ceiling);
    }

    /**
     * The ceiling moves when nodes join or leave (this node's share of the cluster's, NodeShares):
     * a limit above a lower ceiling comes down to it at once, and the requests in flight over it
     * give their slots up as they finish ({@link #keepSlot}), so none is stranded; a ceiling of 0
     * lets nothing start here (the deliveries go to a node with a share). Back from 0, the limit
     * starts again as a new one does.
     */
    synchronized void ceiling(int newCeiling) {
        ceiling = Math.max(0, newCeiling);
        if (limit > ceiling) {
            limit = ceiling;
        } else if (limit == 0) {
            limit = Math.min(INITIAL, ceiling);
        }
    }

    synchronized int ceiling() {
        return ceiling;
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
     * A request is done and another waits for its slot: the slot is kept for it while the limit
     * allows, or released when the limit has fallen below the requests in flight. Without this a
     * lowered limit would never bite as long as deliveries wait, because every slot would be handed
     * on. A released slot strands nobody: at least {@code limit} requests are still in flight, and
     * each hands its slot on when done.
     *
     * @return true when the caller may use the slot for the next request
     */
    synchronized boolean keepSlot() {
        if (inFlight > limit) {
            inFlight--;
            return false;
        }
        return true;
    }

    /**
     * Adapts the limit to one answer.
     *
     * @param others whether other deliveries of the subscription are waiting for a slot: growing
     *               only then keeps an idle subscription from collecting slots it never proved it needs
     * @return true when the limit grew, i.e. one more request may start now
     */
    synchronized boolean onAnswer(Integer statusCode, long latencyMillis, boolean others) {
        if (statusCode == null || statusCode == 429 || statusCode >= 500 || latencyMillis >= slowMillis) {
            limit = Math.max(Math.min(1, ceiling), limit / 2);
            return false;
        }
        if (statusCode < 200 || statusCode >= 300) {
            return false; // a client error says nothing about the receiver's capacity
        }
        if (lowestMillis < 0 || latencyMillis < lowestMillis || ++answers % RELEARN_EVERY == 0) {
            lowestMillis = latencyMillis;
        }
        // +1 ms on both sides: loopback answers take 0-2 ms, where millisecond steps would look like queues.
        double queued = limit * (1 - (lowestMillis + 1.0) / (latencyMillis + 1.0));
        if (queued < GROW_BELOW && others && limit < ceiling) {
            limit++;
            return true;
        }
        if (queued > SHRINK_ABOVE && limit > 1) {
            limit--;
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
