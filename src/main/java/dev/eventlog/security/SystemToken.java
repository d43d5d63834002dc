package dev.eventlog.security;

import dev.eventlog.platform.id.HostName;
import dev.eventlog.platform.id.Ids;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator's bootstrap secret (eventlog.system-token, env EVENTLOG_SYSTEM_TOKEN). When none is
 * configured a random one is made and written to the server log, so a fresh install can be
 * bootstrapped without a default password that someone forgets to change.
 *
 * <p>A generated token is the cluster's, not the node's (issue 13): the first node to start on a
 * database stores its SHA-256 in system_token (INSERT … ON CONFLICT DO NOTHING, then read, so two
 * nodes starting at once agree on the row that won) and logs the token; every other node, and every
 * later start, accepts the token of the stored hash. The row is read at every check, as API keys
 * are (one primary-key read; the system token serves few requests), so a DELETE refuses the token
 * on every node at once and a new one made by a restart elsewhere is accepted here without one. A
 * configured token wins and stores nothing. Plain JDBC in autocommit, outside any transaction.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrations") // the table must exist before the first node stores its token in it
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SystemToken {

    private static final Logger LOG = Logger.getLogger(SystemToken.class.getName());

    @Inject
    @ConfigProperty(name = "eventlog.system-token")
    Optional<String> configured;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    /** The configured token, or null when the stored hash decides. */
    private String token;

    /** Created at deployment, not on first use, so a generated token is in the log from the start. */
    @PostConstruct
    void init() {
        token = configured.filter(t -> !t.isBlank()).orElse(null);
        if (token != null) {
            return;
        }
        String generated = "sys_" + Ids.randomToken(24);
        if (store(KeyHash.of(generated))) {
            LOG.warning("No eventlog.system-token configured; generated system token: " + generated
                    + " (shown only now; kept hashed in the database, so every node and every later start accept it)");
        } else {
            LOG.info("No eventlog.system-token configured; the generated system token stored in the database is in "
                    + "use (printed once, in the log of the node that made it; DELETE FROM system_token and restart a "
                    + "node for a new one)");
        }
    }

    public boolean matches(String secret) {
        if (token != null) {
            return KeyHash.sameSecret(token, secret);
        }
        String stored = readStored();
        return stored != null && KeyHash.sameSecret(stored, KeyHash.of(secret));
    }

    /** @return true when this node's hash is the one stored, i.e. no other node stored one before */
    private boolean store(String hash) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO system_token (id, token_hash, "
                        + "created_by) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            insert.setString(1, hash);
            insert.setString(2, HostName.local());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store the generated system token", e);
        }
    }

    /** The stored hash, or null when there is none (deleted by the operator since). */
    private String readStored() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT token_hash FROM system_token WHERE id = 1");
                ResultSet row = select.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the stored system token", e);
        }
    }
}
