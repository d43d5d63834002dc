package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.ingest.IngestService;
import dev.eventlog.it.TestApi.Tenant;
import dev.eventlog.retention.PartitionMaintenance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Exactly-once storage under redelivery and retries, and the 30-day purge by partition. */
@ExtendWith(ArquillianExtension.class)
class StorageGuaranteesIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @Inject
    IngestService ingest;

    @Inject
    PartitionMaintenance partitions;

    @Inject
    UserTransaction tx;

    @PersistenceContext
    EntityManager em;

    private final TestApi api = TestApi.inServer();

    @AfterEach
    void backToNow() throws Exception {
        TestClockProducer.CLOCK.reset();
        inTransaction(() -> partitions.maintain());
    }

    private void inTransaction(Runnable work) throws Exception {
        tx.begin();
        try {
            work.run();
            tx.commit();
        } catch (Exception | Error e) {
            tx.rollback();
            throw e;
        }
    }

    private long rows(String organizationId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM event WHERE organization_id = ?1")
                .setParameter(1, organizationId).getSingleResult()).longValue();
    }

    @Test
    void aRedeliveredMessageStoresItsEventsOnce() throws Exception {
        Tenant tenant = api.newTenant();
        // As a remote producer sends it: no ids, so they are derived from the JMS message id.
        String body = TestEvents.batch(List.of(
                TestEvents.noteCreated(tenant.organizationId(), "acti_r1", "u").build(),
                TestEvents.noteCreated(tenant.organizationId(), "acti_r2", "u").build()));
        long sentAt = Instant.now().toEpochMilli();
        inTransaction(() -> ingest.consume("ID:redelivered-1", sentAt, body));
        inTransaction(() -> ingest.consume("ID:redelivered-1", sentAt, body));
        assertEquals(2, rows(tenant.organizationId()));
    }

    @Test
    void aRepeatedEventIdIsStoredOnceEvenWithAnotherTimestamp() throws Exception {
        Tenant tenant = api.newTenant();
        String first = TestEvents.noteCreated(tenant.organizationId(), "acti_d", "u")
                .add("id", "ev_duplicate" + tenant.organizationId().substring(9, 25)).build().toString();
        long now = Instant.now().toEpochMilli();
        inTransaction(() -> ingest.consume("ID:producer-try-1", now, first));
        inTransaction(() -> ingest.consume("ID:producer-try-2", now + 90_000, first));
        assertEquals(1, rows(tenant.organizationId()));

        // Through the whole pipeline as well: the same id posted twice.
        String ingestKey = api.newIngestKey();
        String viaRest = TestEvents.noteCreated(tenant.organizationId(), "acti_d2", "u")
                .add("id", "ev_viarest" + tenant.organizationId().substring(9, 25)).build().toString();
        expect(api.post("/api/v1/internal/event/", ingestKey, viaRest), 202);
        expect(api.post("/api/v1/internal/event/", ingestKey, viaRest), 202);
        String marker = expect(api.post("/api/v1/internal/event/", ingestKey,
                TestEvents.noteCreated(tenant.organizationId(), "acti_m", "u").build().toString()), 202)
                .json().getJsonArray("ids").getString(0);
        await().atMost(30, SECONDS).until(() -> api.get("/api/v1/event/" + marker + "/", tenant.adminKey()).status() == 200);
        await().atMost(30, SECONDS).until(() -> rows(tenant.organizationId()) >= 3);
        assertEquals(3, rows(tenant.organizationId()));
    }

    @Test
    void anEventIsServedOnDay29AndGoneWithItsPartitionOnDay31() throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(45);
        TestClockProducer.CLOCK.setTo(day.atTime(12, 0).toInstant(ZoneOffset.UTC));
        inTransaction(() -> partitions.maintain());
        Tenant tenant = api.newTenant();
        String id = expect(api.post("/api/v1/internal/event/", api.newIngestKey(),
                TestEvents.noteCreated(tenant.organizationId(), "acti_old", "u").build().toString()), 202)
                .json().getJsonArray("ids").getString(0);
        await().atMost(30, SECONDS).until(() -> api.get("/api/v1/event/" + id + "/", tenant.adminKey()).status() == 200);
        String partition = "event_p" + day.toString().replace("-", "");

        TestClockProducer.CLOCK.setTo(day.plusDays(29).atTime(12, 0).toInstant(ZoneOffset.UTC));
        inTransaction(() -> assertFalse(partitions.maintain().dropped().contains(partition)));
        expect(api.get("/api/v1/event/" + id + "/", tenant.adminKey()), 200);

        TestClockProducer.CLOCK.setTo(day.plusDays(31).atTime(0, 30).toInstant(ZoneOffset.UTC));
        inTransaction(() -> assertTrue(partitions.maintain().dropped().contains(partition)));
        expect(api.get("/api/v1/event/" + id + "/", tenant.adminKey()), 404);
        assertFalse(partitions.existingPartitions().contains(partition));
        assertEquals(0, rows(tenant.organizationId()));
    }
}
