package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.it.TestApi.Reply;
import dev.eventlog.it.TestApi.Tenant;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Event Log API's limits against the real server: per-key rate limit and statement timeout. */
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
