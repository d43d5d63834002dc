package dev.eventlog.platform.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The live nodes as this node last saw them (eventlog_node), this node among them: ranked by id,
 * which every node reads in the same order (ids are ASCII, the column collates "C").
 */
public record Cluster(String self, List<String> live) {

    public Cluster {
        List<String> nodes = new ArrayList<>(live);
        if (!nodes.contains(self)) {
            nodes.add(self); // its own row not read yet (the first heartbeat failed): it is live all the same
        }
        Collections.sort(nodes);
        live = List.copyOf(nodes);
    }

    public static Cluster alone(String self) {
        return new Cluster(self, List.of());
    }

    public int size() {
        return live.size();
    }

    public int rank() {
        return live.indexOf(self);
    }

    /** This node's share of a limit of {@code ceiling} for the whole cluster, for {@code key}. */
    public int shareOf(int ceiling, String key) {
        return NodeShares.share(ceiling, size(), rank(), key);
    }
}
