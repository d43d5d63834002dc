package dev.eventlog.platform.cluster;

/**
 * Shares out a limit meant for the whole cluster (issue 13): with {@code nodes} live nodes ranked
 * 0..nodes−1, the node of rank r gets ⌊C/N⌋, plus one when {@code (r + h) mod N < C mod N}, where h
 * is a stable hash of what is limited (a subscription id). As r runs over the ranks, {@code r + h}
 * runs over every residue once, so exactly {@code C mod N} nodes get the extra one and the shares
 * sum to C; and since h differs between subscriptions, the extra ones (and, with C below N, the
 * only ones) fall on different nodes for different subscriptions instead of all on rank 0.
 */
public final class NodeShares {

    private NodeShares() {
    }

    public static int share(int ceiling, int nodes, int rank, String key) {
        if (nodes <= 1) {
            return Math.max(0, ceiling);
        }
        if (rank < 0 || rank >= nodes) {
            throw new IllegalArgumentException("rank " + rank + " of " + nodes + " nodes");
        }
        int total = Math.max(0, ceiling);
        int extra = Math.floorMod(rank + Math.floorMod(hash(key), nodes), nodes) < total % nodes ? 1 : 0;
        return total / nodes + extra;
    }

    /**
     * The same on every JVM (String.hashCode is fixed by the language), mixed (MurmurHash3's
     * finaliser) so that ids alike but for their last characters still spread over the nodes.
     */
    static int hash(String key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
