package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.health.SubscriptionHealth;
import dev.eventlog.it.Receiver.Answer;
import dev.eventlog.it.TestApi.Tenant;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Auto-pause: three days of failures (warned after one and two) and a backlog past the limit
 * (the test server warns above 50 and pauses at 60); admins get real mail; PUT resumes.
 * The health timer is off in the test server, so each check runs exactly when the test says.
 */
@ExtendWith(ArquillianExtension.class)
class WebhookHealthIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @Inject
    SubscriptionHealth health;

    @PersistenceContext
    EntityManager em;

    private final TestApi api = TestApi.inServer();

    @AfterEach
    void backToNow() {
        TestClockProducer.CLOCK.reset();
    }

    private String subscribe(Tenant tenant, String url) {
        return api.subscribe(tenant, url, "activity.note", "created");
    }

    private JsonObject subscription(Tenant tenant, String id) {
        return expect(api.get("/api/v1/webhook/" + id + "/", tenant.adminKey()), 200).json();
    }

    private List<String> subjects(Tenant tenant) {
        return Mailbox.to(tenant.adminEmail()).stream().map(Mailbox.Mail::subject).toList();
    }

    private long pending(String subscriptionId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM webhook_delivery WHERE subscription_id = ?1 "
                + "AND status = 'pending'").setParameter(1, subscriptionId).getSingleResult()).longValue();
    }

    @Test
    void threeDaysOfFailuresPauseAfterTwoWarningsAndResumeOnRequest() {
        Mailbox.server();
        Tenant tenant = api.newTenant();
        AtomicInteger status = new AtomicInteger(500);
        try (Receiver receiver = Receiver.answering(n -> Answer.status(status.get()))) {
            String id = subscribe(tenant, receiver.url());
            String ingestKey = api.newIngestKey();
            api.post("/api/v1/internal/event/", ingestKey, TestEvents.noteCreated(tenant.organizationId(), "acti_f1", "u").build().toString());
            await().atMost(30, SECONDS).until(() -> "failing".equals(subscription(tenant, id).getString("health_status")));

            TestClockProducer.CLOCK.advance(Duration.ofHours(25));
            await().pollInSameThread().atMost(10, SECONDS).until(() -> {
                health.check();
                return subjects(tenant).size() == 1;
            });
            assertTrue(subjects(tenant).get(0).startsWith("Webhook failing"));
            health.check();
            assertEquals(1, subjects(tenant).size(), "one warning per day, not per check");

            TestClockProducer.CLOCK.advance(Duration.ofHours(24));
            await().pollInSameThread().atMost(10, SECONDS).until(() -> {
                health.check();
                return subjects(tenant).size() == 2;
            });
            assertEquals("active", subscription(tenant, id).getString("status"));

            TestClockProducer.CLOCK.advance(Duration.ofHours(24));
            await().pollInSameThread().atMost(10, SECONDS).until(() -> {
                health.check();
                return "paused".equals(subscription(tenant, id).getString("status"));
            });
            JsonObject paused = subscription(tenant, id);
            assertEquals("paused", paused.getString("status"));
            assertEquals("failing", paused.getString("pause_reason"));
            await().atMost(10, SECONDS).until(() -> subjects(tenant).size() == 3);
            Mailbox.Mail pauseMail = Mailbox.to(tenant.adminEmail()).get(2);
            assertTrue(pauseMail.subject().startsWith("Webhook paused"));
            assertEquals(List.of(tenant.adminEmail()), pauseMail.to());
            assertTrue(pauseMail.text().contains(id) && pauseMail.text().contains("HTTP 500"), pauseMail.text());

            // Paused: nothing goes out. Resumed: new events do.
            int before = receiver.received().size();
            api.post("/api/v1/internal/event/", ingestKey, TestEvents.noteCreated(tenant.organizationId(), "acti_f2", "u").build().toString());
            await().during(3, SECONDS).atMost(6, SECONDS).until(() -> receiver.received().size() == before);
            status.set(200);
            expect(api.put("/api/v1/webhook/" + id + "/", tenant.adminKey(), "{\"status\": \"active\"}"), 200);
            api.post("/api/v1/internal/event/", ingestKey, TestEvents.noteCreated(tenant.organizationId(), "acti_f3", "u").build().toString());
            await().atMost(30, SECONDS).until(() -> receiver.received().stream()
                    .anyMatch(r -> r.text().contains("acti_f3")));
        }
    }

    @Test
    void aBacklogPastTheLimitIsWarnedAboutThenPausedAndCleared() {
        Mailbox.server();
        Tenant tenant = api.newTenant();
        try (Receiver receiver = Receiver.answering(n -> Answer.status(500))) {
            String id = subscribe(tenant, receiver.url());
            String ingestKey = api.newIngestKey();
            List<JsonObject> first = new java.util.ArrayList<>();
            for (int i = 0; i < 55; i++) {
                first.add(TestEvents.noteCreated(tenant.organizationId(), "acti_b" + i, "u").build());
            }
            expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(first)), 202);
            await().atMost(30, SECONDS).until(() -> pending(id) == 55);
            await().pollInSameThread().atMost(10, SECONDS).until(() -> {
                health.check();
                return subjects(tenant).size() == 1;
            });
            assertTrue(subjects(tenant).get(0).startsWith("Webhook falling behind"));
            assertEquals("backlogged", subscription(tenant, id).getString("health_status"));

            List<JsonObject> more = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                more.add(TestEvents.noteCreated(tenant.organizationId(), "acti_c" + i, "u").build());
            }
            expect(api.post("/api/v1/internal/event/", ingestKey, TestEvents.batch(more)), 202);
            await().atMost(30, SECONDS).until(() -> pending(id) == 61);
            // As the timer would: a check that finds the subscription busy skips it until next time.
            await().pollInSameThread().atMost(10, SECONDS).until(() -> {
                health.check();
                return "paused".equals(subscription(tenant, id).getString("status"));
            });
            JsonObject paused = subscription(tenant, id);
            assertEquals("paused", paused.getString("status"));
            assertEquals("backlog", paused.getString("pause_reason"));
            // Cleared after the pause has committed, in batches (SubscriptionCleanup).
            await().atMost(30, SECONDS).until(() -> pending(id) == 0);
            await().atMost(10, SECONDS).until(() -> subjects(tenant).size() == 2);
            assertTrue(subjects(tenant).get(1).startsWith("Webhook paused"));
        }
    }
}
