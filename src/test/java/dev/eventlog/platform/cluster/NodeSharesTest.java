package dev.eventlog.platform.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeSharesTest {

    private static String subscription(int i) {
        return "whsub_0352FMg9xQ6sJk2cV1e" + String.format("%03d", i);
    }

    @Test
    void theSharesSumToTheCeilingAndDifferByAtMostOne() {
        for (int ceiling = 0; ceiling <= 130; ceiling++) {
            for (int nodes = 1; nodes <= 12; nodes++) {
                for (int s = 0; s < 20; s++) {
                    int sum = 0;
                    int min = Integer.MAX_VALUE;
                    int max = Integer.MIN_VALUE;
                    for (int rank = 0; rank < nodes; rank++) {
                        int share = NodeShares.share(ceiling, nodes, rank, subscription(s));
                        assertTrue(share >= 0);
                        sum += share;
                        min = Math.min(min, share);
                        max = Math.max(max, share);
                    }
                    assertEquals(ceiling, sum, ceiling + " over " + nodes + " nodes");
                    assertTrue(max - min <= 1, "as even as can be: " + min + ".." + max);
                    assertEquals(ceiling / nodes, min);
                }
            }
        }
    }

    @Test
    void oneNodeHasTheWholeCeiling() {
        assertEquals(64, NodeShares.share(64, 1, 0, subscription(1)));
        assertEquals(64, NodeShares.share(64, 0, 0, subscription(1)), "no view of the cluster yet: alone");
    }

    @Test
    void smallCeilingsLandOnDifferentNodesForDifferentSubscriptions() {
        // A ceiling of 1 on 4 nodes: one node sends for each subscription, and over 400
        // subscriptions every node gets its fair part, not rank 0 all of them.
        int nodes = 4;
        int[] sending = new int[nodes];
        for (int s = 0; s < 400; s++) {
            for (int rank = 0; rank < nodes; rank++) {
                sending[rank] += NodeShares.share(1, nodes, rank, subscription(s));
            }
        }
        for (int rank = 0; rank < nodes; rank++) {
            assertTrue(sending[rank] > 60 && sending[rank] < 140, "rank " + rank + " sends for " + sending[rank] + " of 400");
        }
    }

    @Test
    void everyNodeComputesTheSameHash() {
        // String.hashCode is fixed by the language, the mixing is plain arithmetic: nodes on any JVM,
        // and of any version, agree on who holds which share as long as these stay as they are.
        assertEquals(-2001385956, NodeShares.hash("whsub_0352FMg9xQ6sJk2cV1e0Ab"));
        assertEquals(163803048, NodeShares.hash("x"));
    }

    @Test
    void aClusterRanksItsNodesByIdAndCountsItselfIn() {
        Cluster cluster = new Cluster("node_b", List.of("node_c", "node_a"));
        assertEquals(3, cluster.size());
        assertEquals(1, cluster.rank());
        assertEquals(List.of("node_a", "node_b", "node_c"), cluster.live());
        Cluster alone = Cluster.alone("node_x");
        assertEquals(1, alone.size());
        assertEquals(0, alone.rank());
        assertEquals(7, alone.shareOf(7, "whsub_1"));
        assertEquals(NodeShares.share(7, 3, 1, "whsub_1"), cluster.shareOf(7, "whsub_1"));
        assertThrows(IllegalArgumentException.class, () -> NodeShares.share(7, 3, 3, "whsub_1"));
    }
}
