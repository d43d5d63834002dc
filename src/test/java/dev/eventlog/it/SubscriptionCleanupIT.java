package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.health.SubscriptionHealth;
import dev.eventlog.it.Receiver.Answer;
import dev.eventlog.it.TestApi.Tenant;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A busy subscription goes in bounded batches: deleting it answers at once and hides it, its rows
 * follow after the commit; a backlog past the limit is dropped after the pause; a success that
 * arrives after its subscription is gone is logged without failing the batch it is written with.
 */
@ExtendWith(ArquillianExtension.class)
class SubscriptionCleanupIT {

    /** More than two of SubscriptionCleanup's batches. */
    private static final int ROWS = 12_000;

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @Inject
    SubscriptionHealth health;

    @Inject
    UserTransaction tx;

    @PersistenceContext
    EntityManager em;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    private final TestApi api = TestApi.inServer();

    private long count(String sql, String subscriptionId) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, subscriptionId).getSingleResult()).longValue();
    }

    private long deliveries(String subscriptionId) {
        return count("SELECT count(*) FROM webhook_delivery WHERE subscription_id = ?1", subscriptionId);
    }

    private long attempts(String subscriptionId) {
        return count("SELECT count(*) FROM delivery_attempt WHERE subscription_id = ?1", subscriptionId);
    }

    private long subscriptionRows(String subscriptionId) {
        return count("SELECT count(*) FROM webhook_subscription WHERE id = ?1", subscriptionId);
    }

    /** Pending deliveries not due for a day (the retry timer leaves them alone), and as many attempts. */
    private void backlog(String subscriptionId, boolean withAttempts) throws Exception {
        tx.begin();
        em.createNativeQuery("INSERT INTO webhook_delivery (id, subscription_id, event_id, status, attempts, next_attempt_at, "
                        + "date_created) SELECT 'whdel_cleanup' || ?1 || n, ?1, 'ev_cleanup' || n, 'pending', 0, "
                        + "now() AT TIME ZONE 'UTC' + interval '1 day', now() AT TIME ZONE 'UTC' FROM generate_series(1, ?2) n")
                .setParameter(1, subscriptionId).setParameter(2, ROWS).executeUpdate();
        if (withAttempts) {
            em.createNativeQuery("INSERT INTO delivery_attempt (id, subscription_id, delivery_id, event_id, attempted_at, "
                            + "outcome, status_code, latency_ms, error, response_body) SELECT 'whatt_cleanup' || ?1 || n, ?1, "
                            + "'whdel_cleanup' || ?1 || n, 'ev_cleanup' || n, now() AT TIME ZONE 'UTC', 'failure', 500, 3, "
                            + "'HTTP 500', 'no' FROM generate_series(1, ?2) n")
                    .setParameter(1, subscriptionId).setParameter(2, ROWS).executeUpdate();
        }
        tx.commit();
    }

    @Test
    void deletingABusySubscriptionAnswersAtOnceAndItsRowsFollowInBatches() throws Exception {
        Tenant tenant = api.newTenant();
        String id = api.subscribe(tenant, "http://127.0.0.1:9/busy", "activity.note", "created");
        backlog(id, true);
        try (Connection claim = dataSource.getConnection()) {
            // As a claim in progress would: one delivery row locked. One cascading DELETE waited for it.
            claim.setAutoCommit(false);
            try (PreparedStatement lock = claim.prepareStatement("SELECT id FROM webhook_delivery WHERE subscription_id = ? "
                    + "ORDER BY id DESC LIMIT 1 FOR UPDATE")) {
                lock.setString(1, id);
                try (ResultSet rows = lock.executeQuery()) {
                    assertTrue(rows.next());
                }
            }
            long started = System.nanoTime();
            expect(api.send("DELETE", "/api/v1/webhook/" + id + "/", tenant.adminKey(), null), 204);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis < 5_000, "the delete answered after " + tookMillis + " ms");
            expect(api.get("/api/v1/webhook/" + id + "/", tenant.adminKey()), 404);
            expect(api.get("/api/v1/webhook/" + id + "/attempts/", tenant.adminKey()), 404);
            assertEquals(0, expect(api.get("/api/v1/webhook/", tenant.adminKey()), 200).data().size());
            expect(api.put("/api/v1/webhook/" + id + "/", tenant.adminKey(), "{\"status\": \"active\"}"), 404);
            claim.rollback();
        }
        await().atMost(60, SECONDS).until(() -> subscriptionRows(id) == 0);
        assertEquals(0, deliveries(id));
        assertEquals(0, attempts(id));
    }

    @Test
    void aBacklogPastTheLimitIsPausedAndThenDroppedInBatches() throws Exception {
        Tenant tenant = api.newTenant();
        String id = api.subscribe(tenant, "http://127.0.0.1:9/backlog", "activity.note", "created");
        backlog(id, false); // the test server pauses at 60
        await().pollInSameThread().atMost(20, SECONDS).until(() -> {
            health.check();
            return "paused".equals(expect(api.get("/api/v1/webhook/" + id + "/", tenant.adminKey()), 200).json()
                    .getString("status"));
        });
        assertEquals("backlog", expect(api.get("/api/v1/webhook/" + id + "/", tenant.adminKey()), 200).json()
                .getString("pause_reason"));
        // Deleted, not rewritten as 'dropped' row by row in the pause's transaction.
        await().atMost(60, SECONDS).until(() -> deliveries(id) == 0);
    }

    @Test
    void aSuccessArrivingAfterItsSubscriptionIsGoneIsLoggedAndHarmsNoOther() throws Exception {
        Tenant tenant = api.newTenant();
        CountDownLatch answer = new CountDownLatch(1);
        try (Receiver slow = Receiver.answering(n -> {
                 try {
                     answer.await(8, SECONDS); // within the 10 s timeout: a success, but late
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 return Answer.status(200);
             });
             Receiver quick = Receiver.ok()) {
            String gone = api.subscribe(tenant, slow.url(), "activity.note", "created");
            String kept = api.subscribe(tenant, quick.url(), "activity.note", "created");
            String ingestKey = api.newIngestKey();
            expect(api.post("/api/v1/internal/event/", ingestKey,
                    TestEvents.noteCreated(tenant.organizationId(), "acti_late", "u").build().toString()), 202);
            await().atMost(30, SECONDS).until(() -> slow.received().size() == 1 && quick.received().size() == 1);

            expect(api.send("DELETE", "/api/v1/webhook/" + gone + "/", tenant.adminKey(), null), 204);
            await().atMost(30, SECONDS).until(() -> subscriptionRows(gone) == 0);
            answer.countDown();

            // Its attempt is written like any other (the retention deletes it with its age) ...
            await().atMost(30, SECONDS).until(() -> count("SELECT count(*) FROM delivery_attempt WHERE subscription_id = ?1 "
                    + "AND outcome = 'success'", gone) == 1);
            // ... and the other subscription's delivery stands, delivered once.
            assertEquals(1, count("SELECT count(*) FROM delivery_attempt WHERE subscription_id = ?1 AND outcome = 'success'", kept));
            assertEquals(1, count("SELECT count(*) FROM webhook_delivery WHERE subscription_id = ?1 AND status = 'delivered'", kept));
            assertEquals(1, quick.received().size());
        }
    }
}
