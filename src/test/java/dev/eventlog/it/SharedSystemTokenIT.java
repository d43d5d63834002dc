package dev.eventlog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.annotation.Resource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Without eventlog.system-token the generated token is the cluster's (issue 13): what a node
 * accepts is the hash stored in system_token, whichever node stored it. This deployment runs with
 * no token configured; "another node" is played by replacing the stored row with the hash of a
 * token this node never saw, as the node that won the start-up race would have stored it. On the
 * old code each node accepted only the token it made itself, so the other node's was refused.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the row as this node left it, before it is replaced
class SharedSystemTokenIT {

    @Deployment
    static WebArchive deployment() {
        return NoSystemTokenConfigured.register(Deployments.eventlog());
    }

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Test
    @Order(1)
    void theGeneratedTokenIsStoredForTheOtherNodes() throws Exception {
        assertNotNull(storedHash(), "this node stored the hash of the token it generated (or found one stored before)");
    }

    @Test
    @Order(2)
    void theTokenAnotherNodeStoredIsAcceptedHere() throws Exception {
        String othersToken = "sys_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = dataSource.getConnection()) {
            execute(connection, "DELETE FROM system_token");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO system_token (id, token_hash, created_by) VALUES (1, ?, 'other-node')")) {
                insert.setString(1, sha256Hex(othersToken));
                insert.executeUpdate();
            }
        }
        TestApi other = TestApi.at("http://127.0.0.1:" + (8080 + Integer.getInteger("jboss.socket.binding.port-offset", 0)),
                othersToken);
        assertEquals(200, other.get("/api/v1/system/ingest_key/", othersToken).status(), "the other node's token");
        other.newTenant(); // and bootstraps an organization with it (201, or it throws)
        assertEquals(401, other.get("/api/v1/system/ingest_key/", "sys_" + UUID.randomUUID()).status(), "any other token");
        assertEquals(401, other.get("/api/v1/system/ingest_key/", TestApi.SYSTEM_TOKEN).status(),
                "the suite's configured token, masked in this deployment");
    }

    private String storedHash() throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT token_hash FROM system_token WHERE id = 1");
                ResultSet row = select.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        }
    }

    private static void execute(Connection connection, String sql) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    /** Computed here, not with the application's KeyHash: the stored format is what is under test. */
    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
