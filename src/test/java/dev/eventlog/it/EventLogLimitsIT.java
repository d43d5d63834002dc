package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import dev.eventlog.event.EventLogLimits;
import dev.eventlog.it.TestApi.Reply;
import dev.eventlog.it.TestApi.Tenant;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Event Log API's limits against the real server: the per-key rate limit, the caps on queries
 * running at once, and the statement timeout.
 */
@ExtendWith(ArquillianExtension.class)
class EventLogLimitsIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    UserTransaction tx;

    @Inject
    EventLogLimits limits;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    private final TestApi api = TestApi.inServer();

    @AfterEach
    void configuredLimitsAgain() {
        TestEventLogSettings.reset();
    }

    @Test
    void aKeyOverItsRateGets429WithRetryAfterWhileOtherKeysAreServed() {
        Tenant tenant = api.newTenant();
        String colleague = api.newUserKey(tenant);
        Tenant other = api.newTenant();
        // Three at once, then one every 20 s: the fourth request comes far sooner than that.
        TestEventLogSettings.requestsPerSecond = 0.05;
        TestEventLogSettings.burst = 3;

        for (int i = 0; i < 3; i++) {
            expect(api.get("/api/v1/event/", tenant.adminKey()), 200);
        }
        Reply limited = api.get("/api/v1/event/?object_type=lead", tenant.adminKey());
        assertEquals(429, limited.status(), limited.text());
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 20, "Retry-After " + retryAfter);
        assertTrue(limited.json().getString("error").startsWith("Rate limit exceeded"), limited.text());
        assertEquals(429, api.get("/api/v1/event/ev_unknown/", tenant.adminKey()).status(), "one event counts too");

        expect(api.get("/api/v1/event/", colleague), 200);
        expect(api.get("/api/v1/event/", other.adminKey()), 200);
        // Limited on the Event Log API only: the same key still manages its webhooks.
        expect(api.get("/api/v1/webhook/", tenant.adminKey()), 200);
    }

    @Test
    void aQueryOverTheStatementTimeoutIsStoppedWithA400ThatSaysToNarrowIt() throws Exception {
        Tenant tenant = api.newTenant();
        insertEvents(tenant, 30_000);
        // No action matches, and no index leads with action: the query walks all 30,000 rows.
        String nothing = "/api/v1/event/?action=never_happens";
        TestEventLogSettings.statementTimeout = Duration.ofMillis(1);

        Reply stopped = api.get(nothing, tenant.adminKey());
        assertEquals(400, stopped.status(), stopped.text());
        assertEquals("The query took longer than 1 ms and was stopped: narrow it with more filters or a date_updated range.",
                stopped.json().getString("error"));

        TestEventLogSettings.statementTimeout = null;
        assertEquals(0, expect(api.get(nothing, tenant.adminKey()), 200).data().size(),
                "the same query within the configured timeout");
        // The timeout was the query's own (SET LOCAL): the connection it used runs other work as before.
        expect(api.get("/api/v1/event/?_limit=1", tenant.adminKey()), 200);
    }

    /**
     * The node's Event Log queries all taken (10 by default: 4 of one organization, 4 and 2 of two
     * others), each holding a pooled connection as a slow query does: 40 more queries at once are
     * refused at once, 429 for an organization at its own cap and 503 for the others, none waits for
     * a connection, and an event posted meanwhile is accepted and stored.
     */
    @Test
    void queriesOverTheCapsAreRefusedAtOnceWhileIngestGoesOn() throws Exception {
        Tenant busy = api.newTenant();
        Tenant other = api.newTenant();
        String ingestKey = api.newIngestKey();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(10);
        ExecutorService threads = Executors.newFixedThreadPool(50);
        try {
            List<String> holders = new ArrayList<>(Collections.nCopies(4, busy.organizationId()));
            holders.addAll(Collections.nCopies(4, "orga_holder_a"));
            holders.addAll(Collections.nCopies(2, "orga_holder_b"));
            List<Future<?>> held = new ArrayList<>();
            for (String org : holders) {
                held.add(threads.submit(() -> limits.run("key_holder_" + UUID.randomUUID(), org, () -> holdConnection(holding, release))));
            }
            assertTrue(holding.await(30, TimeUnit.SECONDS), "ten queries hold their slots and connections");

            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String key = i % 2 == 0 ? busy.adminKey() : other.adminKey();
                replies.add(threads.submit(() -> api.get("/api/v1/event/?action=never_happens", key)));
            }
            String posted = expect(api.post("/api/v1/internal/event/", ingestKey, 
                    TestEvents.event(other.organizationId(), "lead", "lead_during_the_flood", "created").build().toString()), 202).json().getJsonArray("ids").getString(0);

            Map<Integer, Integer> statuses = new TreeMap<>();
            for (int i = 0; i < replies.size(); i++) {
                Reply reply = replies.get(i).get(30, TimeUnit.SECONDS);
                statuses.merge(reply.status(), 1, Integer::sum);
                assertEquals(i % 2 == 0 ? 429 : 503, reply.status(), reply.text());
                assertEquals("1", reply.headers().firstValue("Retry-After").orElse(null), reply.text());
            }
            assertEquals(Map.of(429, 20, 503, 20), statuses);
            await().atMost(60, SECONDS).until(() -> stored(posted));

            release.countDown();
            for (Future<?> h : held) {
                h.get(30, TimeUnit.SECONDS);
            }
            assertEquals(posted, expect(api.get("/api/v1/event/", other.adminKey()), 200).data()
                    .getJsonObject(0).getString("id"), "served again once the slots are free");
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    /** What a slow query does to the pool: takes a connection and keeps it until released. */
    private Void holdConnection(CountDownLatch holding, CountDownLatch release) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            holding.countDown();
            if (!release.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean stored(String id) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM event WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getLong(1) == 1;
            }
        }
    }

    /** Rows straight into the table: the timeout test needs many, not the ingest path. */
    private void insertEvents(Tenant tenant, int count) throws Exception {
        LocalDateTime now = LocalDateTime.ofInstant(TestClockProducer.CLOCK.instant(), ZoneOffset.UTC);
        tx.begin();
        em.createNativeQuery("INSERT INTO event (id, organization_id, object_type, object_id, action, data, meta, "
                        + "date_created, date_updated) SELECT 'ev_limits' || ?1 || '_' || n, ?1, 'lead', 'lead_' || n, 'created', "
                        + "CAST('{}' AS jsonb), CAST('{}' AS jsonb), CAST(?2 AS timestamp) - n * interval '1 second', "
                        + "CAST(?2 AS timestamp) - n * interval '1 second' "
                        + "FROM generate_series(1, ?3) AS n")
                .setParameter(1, tenant.organizationId()).setParameter(2, now.minusMinutes(1)).setParameter(3, count)
                .executeUpdate();
        tx.commit();
    }
}
