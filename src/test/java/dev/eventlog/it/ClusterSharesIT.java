package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.Receiver.Answer;
import dev.eventlog.it.TestApi.Tenant;
import dev.eventlog.platform.cluster.NodeRegistry;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A subscription's max-in-flight holds for the cluster, not per node (issue 13): with a second
 * live node in eventlog_node (a row with a heartbeat in the future, as a node that keeps beating
 * would have) this node sends a receiver at most its share of the ceiling at once, and nothing at
 * all for a subscription whose share is the other node's, without losing those deliveries: they
 * go out as soon as the other node is gone. On the old code the node sent up to the whole ceiling.
 */
@ExtendWith(ArquillianExtension.class)
class ClusterSharesIT {

    private static final String OTHER_NODE = "node_other_ClusterSharesIT";

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @Inject
    NodeRegistry nodes;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    private final TestApi api = TestApi.inServer();

    @AfterEach
    void theOtherNodeLeaves() throws Exception {
        execute("DELETE FROM eventlog_node WHERE id = ?", OTHER_NODE);
        nodes.heartbeat();
        TestDeliverySettings.reset();
    }

    private void anotherNodeJoins() throws Exception {
        execute("INSERT INTO eventlog_node (id, host, started_at, seen_at) VALUES (?, 'other-host', "
                + "now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' + interval '1 hour')", OTHER_NODE);
        nodes.heartbeat(); // seen now rather than at the next beat
        assertEquals(2, nodes.cluster().size());
    }

    @Test
    void aSlowReceiverGetsThisNodesShareOfTheCeilingAtOnce() throws Exception {
        TestDeliverySettings.maxInFlight = 3;
        anotherNodeJoins();
        String metrics = expect(api.get("/api/v1/system/metrics/", TestApi.SYSTEM_TOKEN), 200).text();
        assertTrue(metrics.contains("\neventlog_cluster_live_nodes 2\n"), metrics);
        assertTrue(metrics.contains("eventlog_node_info{node=\"" + nodes.cluster().self() + "\""), metrics);
        Tenant tenant = api.newTenant();
        try (Receiver slow = Receiver.answering(n -> new Answer(200, 700, Map.of()))) {
            String subscription = api.subscribe(tenant, slow.url(), "activity.note", "created");
            int share = nodes.cluster().shareOf(3, subscription);
            assertTrue(share == 1 || share == 2, "3 over 2 nodes: 1 or 2 here, the rest there; " + share);
            postNotes(tenant, 8);
            await().atMost(60, SECONDS).until(() -> slow.received().size() == 8);
            assertEquals(share, slow.mostAtOnce(), "requests at once from this node, whose share of 3 is " + share);
        }
    }

    @Test
    void aNodeWithoutAShareSendsNothingAndLosesNothing() throws Exception {
        TestDeliverySettings.maxInFlight = 1;
        anotherNodeJoins();
        Tenant tenant = api.newTenant();
        try (Receiver receiver = Receiver.ok()) {
            String subscription = subscriptionWithoutAShareHere(tenant, receiver.url());
            postNotes(tenant, 3);
            await().atMost(30, SECONDS).until(() -> pending(subscription) == 3);
            await().during(5, SECONDS).atMost(7, SECONDS).until(() -> receiver.received().isEmpty() && pending(subscription) == 3);

            execute("DELETE FROM eventlog_node WHERE id = ?", OTHER_NODE);
            nodes.heartbeat();
            assertEquals(1, nodes.cluster().shareOf(1, subscription), "alone again: the whole ceiling");
            await().atMost(30, SECONDS).until(() -> receiver.received().size() == 3 && pending(subscription) == 0);
        }
    }

    /** The ceiling of 1 goes to one of the two nodes per subscription: subscribe until it is the other's. */
    private String subscriptionWithoutAShareHere(Tenant tenant, String url) {
        for (int i = 0; i < 20; i++) {
            String id = api.subscribe(tenant, url, "activity.note", "created");
            if (nodes.cluster().shareOf(1, id) == 0) {
                return id;
            }
            expect(api.send("DELETE", "/api/v1/webhook/" + id + "/", tenant.adminKey(), null), 204);
        }
        throw new AssertionError("20 subscriptions, each with this node's share: the hash does not spread");
    }

    private void postNotes(Tenant tenant, int count) {
        List<JsonObject> events = IntStream.range(0, count)
                .mapToObj(i -> TestEvents.noteCreated(tenant.organizationId(), "acti_share" + i, "u").build()).toList();
        expect(api.post("/api/v1/internal/event/", api.newIngestKey(), TestEvents.batch(events)), 202);
    }

    private long pending(String subscription) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM webhook_delivery WHERE subscription_id = ? AND status = 'pending'")) {
            count.setString(1, subscription);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private void execute(String sql, String parameter) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            statement.executeUpdate();
        }
    }
}
