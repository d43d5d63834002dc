package dev.eventlog.platform.cluster;

import dev.eventlog.platform.id.HostName;
import dev.eventlog.platform.id.Ids;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The nodes sharing the database (eventlog_node), for limits meant for the whole cluster (issue
 * 13). Each node has an id of its own from its start, upserts its row every
 * {@link #HEARTBEAT_MILLIS} (seen_at by the database's clock, so the nodes' own clocks do not
 * matter), deletes rows nobody has refreshed for {@link #FORGET_AFTER}, and reads the nodes seen
 * within {@link #LIVE_WITHIN}; a clean shutdown deletes its row at once. A heartbeat that fails
 * keeps the last view. Plain JDBC in autocommit, outside any transaction; the timer is not
 * persistent, so each deployment has its own and a dead node's row simply ages.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrations")
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class NodeRegistry {

    private static final Logger LOG = Logger.getLogger(NodeRegistry.class.getName());

    static final long HEARTBEAT_MILLIS = 5_000;
    static final String LIVE_WITHIN = "15 seconds";
    static final String FORGET_AFTER = "1 minute";

    private static final String NOW = "(now() AT TIME ZONE 'UTC')";

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Resource
    TimerService timers;

    private final String id = Ids.newId("node_", Instant.now());
    private final String host = HostName.local();
    private volatile Cluster cluster = Cluster.alone(id);
    private volatile boolean failing;

    @PostConstruct
    void start() {
        heartbeat();
        timers.createIntervalTimer(HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, new TimerConfig(null, false));
        LOG.info("This node is " + id + " (" + host + "), one of " + cluster.size() + " live");
    }

    /** The live nodes as last seen; this node is always among them. */
    public Cluster cluster() {
        return cluster;
    }

    /** For the metrics endpoint: how many nodes share the cluster's limits, and which one this is. */
    public String prometheusText() {
        Cluster seen = cluster;
        return "# HELP eventlog_cluster_live_nodes Nodes whose heartbeat (eventlog_node) this node saw within the last "
                + LIVE_WITHIN + ", itself included; a subscription's max-in-flight is shared out among them.\n"
                + "# TYPE eventlog_cluster_live_nodes gauge\n"
                + "eventlog_cluster_live_nodes " + seen.size() + "\n"
                + "# HELP eventlog_node_info This node: its id in eventlog_node, its host and its rank among the live nodes.\n"
                + "# TYPE eventlog_node_info gauge\n"
                + "eventlog_node_info{node=\"" + id + "\",host=\"" + label(host) + "\",rank=\"" + seen.rank() + "\"} 1\n";
    }

    /** A Prometheus label value: backslash, quote and line feed escaped. */
    private static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Every few seconds; also callable to see a change at once. */
    @Timeout
    public void heartbeat() {
        try (Connection connection = dataSource.getConnection()) {
            update(connection, "INSERT INTO eventlog_node (id, host, started_at, seen_at) VALUES (?, ?, " + NOW + ", "
                    + NOW + ") ON CONFLICT (id) DO UPDATE SET seen_at = EXCLUDED.seen_at", id, host);
            update(connection, "DELETE FROM eventlog_node WHERE seen_at < " + NOW + " - interval '" + FORGET_AFTER + "'");
            List<String> live = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM eventlog_node WHERE seen_at >= "
                    + NOW + " - interval '" + LIVE_WITHIN + "' ORDER BY id");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    live.add(rows.getString(1));
                }
            }
            Cluster seen = new Cluster(id, live);
            if (!seen.live().equals(cluster.live())) {
                LOG.info("Live nodes: " + seen.size() + " (this node " + id + " is rank " + seen.rank() + ")");
            }
            cluster = seen;
            failing = false;
        } catch (SQLException e) {
            if (!failing) {
                LOG.log(Level.WARNING, "Could not record this node's heartbeat; keeping the last view of "
                        + cluster.size() + " live nodes until the database answers", e);
            }
            failing = true;
        }
    }

    /** A node that stops cleanly leaves at once: the others take its shares at their next heartbeat. */
    @PreDestroy
    void leave() {
        try (Connection connection = dataSource.getConnection()) {
            update(connection, "DELETE FROM eventlog_node WHERE id = ?", id);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove this node's row; it ages out in " + FORGET_AFTER, e);
        }
    }

    private static void update(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
