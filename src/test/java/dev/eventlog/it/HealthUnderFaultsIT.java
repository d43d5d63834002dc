package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.delivery.DeliverySteps;
import dev.eventlog.health.SubscriptionHealth;
import dev.eventlog.it.TestApi.Reply;
import dev.eventlog.it.TestApi.Tenant;
import dev.eventlog.platform.time.Timestamps;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The health check and the subscriptions API when something goes wrong beside them: an SMTP
 * server that accepts and never answers, one subscription whose check fails, a PUT that races a
 * pause. Subscriptions are made to have failed for four days by setting failing_since, as three
 * days of real failures would (WebhookHealthIT does it the long way).
 */
@ExtendWith(ArquillianExtension.class)
class HealthUnderFaultsIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @Inject
    SubscriptionHealth health;

    @Inject
    DeliverySteps steps;

    @PersistenceContext
    EntityManager em;

    @Inject
    UserTransaction tx;

    private final TestApi api = TestApi.inServer();

    private static LocalDateTime now() {
        return Timestamps.toUtc(TestClockProducer.CLOCK.instant());
    }

    /** A subscription whose every attempt has failed for four days: the next check pauses it. */
    private String failingForFourDays(Tenant tenant) throws Exception {
        String id = api.subscribe(tenant, "http://127.0.0.1:9/hook", "activity.note", "created");
        tx.begin();
        em.createNativeQuery("UPDATE webhook_subscription SET failing_since = ?2, latest_error = 'HTTP 500' WHERE id = ?1")
                .setParameter(1, id).setParameter(2, now().minusDays(4)).executeUpdate();
        tx.commit();
        return id;
    }

    private JsonObject subscription(Tenant tenant, String id) {
        return expect(api.get("/api/v1/webhook/" + id + "/", tenant.adminKey()), 200).json();
    }

    @Test
    void anSmtpServerThatNeverAnswersHoldsUpNeitherThePausesNorTheApi() throws Exception {
        Mailbox.stop();
        try (SilentSmtpServer smtp = SilentSmtpServer.start()) {
            Tenant tenant = api.newTenant();
            String first = failingForFourDays(tenant);
            String second = failingForFourDays(tenant);

            // The mails used to go out inside each subscription's check, which then waited forever.
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> health.check());
            assertEquals("failing", subscription(tenant, first).getString("pause_reason"));
            assertEquals("paused", subscription(tenant, second).getString("status"));
            // Nothing holds the rows: a PUT on one answers at once.
            Reply resumed = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> api.put("/api/v1/webhook/" + first + "/", tenant.adminKey(), "{\"status\": \"active\"}"));
            assertEquals("active", expect(resumed, 200).json().getString("status"));
            // One mail at a time, each given up after the mail timeout (10 s): the second pause's mail
            // reaches the server only because the first one's connection timed out.
            await().atMost(45, SECONDS).until(() -> smtp.connections() >= 2);
        }
    }

    @Test
    void aSubscriptionWhoseCheckFailsHoldsUpNoneOfTheOthers() throws Exception {
        Mailbox.server();
        Tenant tenant = api.newTenant();
        // Checked in id order: the refused one first.
        List<String> ids = Stream.of(failingForFourDays(tenant), failingForFourDays(tenant)).sorted().toList();
        String refused = ids.get(0);
        String next = ids.get(1);
        // PostgreSQL itself refuses to pause the first one, so its check's commit fails.
        tx.begin();
        em.createNativeQuery("ALTER TABLE webhook_subscription ADD CONSTRAINT test_refuse_pause "
                + "CHECK (id <> '" + refused + "' OR status = 'active')").executeUpdate();
        tx.commit();
        try {
            SubscriptionHealth.Round round = health.check();
            assertTrue(round.failed() >= 1, round.toString());
            assertEquals("active", subscription(tenant, refused).getString("status"));
            assertEquals("paused", subscription(tenant, next).getString("status"));
            assertEquals("failing", subscription(tenant, next).getString("pause_reason"));
        } finally {
            tx.begin();
            em.createNativeQuery("ALTER TABLE webhook_subscription DROP CONSTRAINT test_refuse_pause").executeUpdate();
            tx.commit();
        }
        health.check();
        assertEquals("paused", subscription(tenant, refused).getString("status"), "checked again next time");
    }

    /**
     * Sends the request while the health check's transaction pauses the subscription: it reads the
     * subscription (active still) and has to wait for the row; then the pause commits.
     */
    private Reply duringAPause(String id, Supplier<Reply> request) throws Exception {
        CompletableFuture<Reply> reply;
        tx.begin();
        try {
            // What the health check does in its transaction: lock the row, pause the subscription.
            em.createNativeQuery("SELECT id FROM webhook_subscription WHERE id = ?1 FOR NO KEY UPDATE")
                    .setParameter(1, id).getResultList();
            steps.pause(id, "failing", now(), "has failed every delivery for days.");
            em.flush();
            reply = CompletableFuture.supplyAsync(request);
            // pg_locks is read live (pg_stat_activity would show this transaction's first look throughout).
            await().pollInSameThread().atMost(20, SECONDS).until(() -> ((Number) em.createNativeQuery(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted AND pg_backend_pid() = ANY (pg_blocking_pids(pid))")
                    .getSingleResult()).intValue() > 0);
        } catch (Exception | AssertionError e) {
            tx.rollback();
            throw e;
        }
        tx.commit();
        return reply.get(30, SECONDS);
    }

    @Test
    void aPutThatRacesAPauseByTheHealthCheckKeepsThePause() throws Exception {
        Mailbox.server();
        Tenant tenant = api.newTenant();
        String id = api.subscribe(tenant, "http://127.0.0.1:9/hook", "activity.note", "created");
        // A PUT that changes something else: it used to write back the status it read, active.
        JsonObject answer = expect(duringAPause(id, () -> api.put("/api/v1/webhook/" + id + "/", tenant.adminKey(),
                "{\"verify_ssl\": false}")), 200).json();
        assertEquals("paused", answer.getString("status"), answer.toString());
        assertFalse(answer.getBoolean("verify_ssl"));
        JsonObject stored = subscription(tenant, id);
        assertEquals("paused", stored.getString("status"));
        assertEquals("failing", stored.getString("pause_reason"));
        assertFalse(stored.getBoolean("verify_ssl"));
    }

    @Test
    void aDeleteThatRacesAPauseByTheHealthCheckStillDeletes() throws Exception {
        Mailbox.server();
        Tenant tenant = api.newTenant();
        String id = api.subscribe(tenant, "http://127.0.0.1:9/hook", "activity.note", "created");
        expect(duringAPause(id, () -> api.send("DELETE", "/api/v1/webhook/" + id + "/", tenant.adminKey(), null)), 204);
        expect(api.get("/api/v1/webhook/" + id + "/", tenant.adminKey()), 404);
    }
}
