package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.platform.id.Ids;
import dev.eventlog.retention.PartitionMaintenance;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The retention run never stalls traffic for a lock and keeps bounded what it keeps: a drop that
 * finds its partition read by a long transaction gives way to ingest and the API (short lock
 * timeouts, retried) and finishes once the reader is done; webhook attempts past the retention
 * are deleted, newer ones stay readable.
 */
@ExtendWith(ArquillianExtension.class)
class RetentionLocksIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @Inject
    PartitionMaintenance partitions;

    @Inject
    UserTransaction tx;

    @PersistenceContext
    EntityManager em;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    private final TestApi api = TestApi.inServer();

    private String oldPartition(int daysAgo) throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo);
        String partition = "event_p" + day.toString().replace("-", "");
        tx.begin();
        em.createNativeQuery("CREATE TABLE IF NOT EXISTS " + partition + " PARTITION OF event FOR VALUES FROM ('" + day
                + "') TO ('" + day.plusDays(1) + "')").executeUpdate();
        tx.commit();
        return partition;
    }

    private long waitingFor(String relation) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                + "WHERE c.relname = ?1 AND NOT l.granted").setParameter(1, relation).getSingleResult()).longValue();
    }

    @Test
    void aReaderOfAnOldPartitionStallsNeitherIngestNorTheAPIAndTheDropFinishesAfterIt() throws Exception {
        String partition = oldPartition(70);
        TestApi.Tenant tenant = api.newTenant();
        String ingestKey = api.newIngestKey();
        CompletableFuture<TestApi.Reply> retention;
        try (Connection reader = dataSource.getConnection()) {
            reader.setAutoCommit(false);
            try (Statement sql = reader.createStatement(); ResultSet rows = sql.executeQuery("SELECT count(*) FROM " + partition)) {
                assertTrue(rows.next()); // the reader's ACCESS SHARE lock is held until it rolls back
            }
            retention = CompletableFuture.supplyAsync(() -> api.post("/api/v1/system/retention/", TestApi.SYSTEM_TOKEN, null));
            await().pollInterval(20, MILLISECONDS).atMost(30, SECONDS).until(() -> waitingFor(partition) > 0);

            // The drop keeps trying; meanwhile events are taken, stored and read back as usual.
            for (int i = 0; i < 3; i++) {
                String noteId = "acti_lock" + i;
                expect(api.post("/api/v1/internal/event/", ingestKey,
                        TestEvents.noteCreated(tenant.organizationId(), noteId, "u").build().toString()), 202);
                await().atMost(15, SECONDS).until(() -> expect(api.get(TestApi.query("/api/v1/event/", "object_id", noteId),
                        tenant.adminKey()), 200).data().size() == 1);
            }
            assertFalse(retention.isDone(), "the drop waits for the reader rather than giving up at once");
            assertTrue(partitions.existingPartitions().contains(partition));
            reader.rollback();
        }
        TestApi.Reply answer = retention.get(60, SECONDS);
        JsonObject json = expect(answer, 200).json();
        List<String> dropped = json.getJsonArray("dropped").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        assertTrue(dropped.contains(partition), json.toString());
        assertFalse(partitions.existingPartitions().contains(partition));
    }

    @Test
    void attemptsPastTheRetentionAreDeletedNewerOnesStayInTheAPI() throws Exception {
        TestApi.Tenant tenant = api.newTenant();
        String id = api.subscribe(tenant, "http://127.0.0.1:9/retention", "activity.note", "created");
        Instant now = Instant.now();
        String old = Ids.newId("whatt_", now.minus(Duration.ofDays(31)));
        String recent = Ids.newId("whatt_", now.minus(Duration.ofDays(29)));
        tx.begin();
        for (String[] attempt : List.of(new String[] {old, "31"}, new String[] {recent, "29"})) {
            em.createNativeQuery("INSERT INTO delivery_attempt (id, subscription_id, delivery_id, event_id, attempted_at, "
                            + "outcome, status_code, latency_ms, error, response_body) VALUES (?1, ?2, ?3, ?4, "
                            + "now() AT TIME ZONE 'UTC' - CAST(?5 AS interval), 'failure', 500, 3, 'HTTP 500', 'no')")
                    .setParameter(1, attempt[0]).setParameter(2, id).setParameter(3, Ids.newId("whdel_", now))
                    .setParameter(4, Ids.newId("ev_", now)).setParameter(5, attempt[1] + " days").executeUpdate();
        }
        tx.commit();
        assertEquals(2, expect(api.get("/api/v1/webhook/" + id + "/attempts/", tenant.adminKey()), 200).data().size());

        JsonObject answer = expect(api.post("/api/v1/system/retention/", TestApi.SYSTEM_TOKEN, null), 200).json();

        assertTrue(answer.getJsonNumber("attempts_deleted").longValue() >= 1, answer.toString());
        List<String> left = expect(api.get("/api/v1/webhook/" + id + "/attempts/", tenant.adminKey()), 200).data()
                .getValuesAs(JsonObject.class).stream().map(a -> a.getString("id")).toList();
        assertEquals(List.of(recent), left);
    }

    /**
     * Nodes race to make a day's partition (ingest of an early event, two retention runs): the
     * second waits for the first and both commit. Without the day's lock the second's IF NOT EXISTS
     * did not see the first's table, waited for it, and failed with "relation … already exists".
     */
    @Test
    void twoTransactionsMakingTheSameNewPartitionAtOnceBothCommit() throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(20);
        String partition = partitionOf(day);
        drop(partition);
        CountDownLatch made = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> inTransaction(() -> {
                partitions.ensure(Set.of(day));
                made.countDown();
                awaitLatch(release);
            }), executor);
            assertTrue(made.await(30, SECONDS));
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> inTransaction(() -> partitions.ensure(Set.of(day))),
                    executor);
            await().pollInterval(20, MILLISECONDS).atMost(30, SECONDS).until(() -> waitingOnLocks() > 0); // the second waits
            release.countDown();
            first.get(30, SECONDS);
            second.get(30, SECONDS);
            assertTrue(partitions.existingPartitions().contains(partition));
        } finally {
            release.countDown();
            drop(partition);
        }
    }

    @Test
    void aPartitionWhoseTransactionRolledBackIsMadeAgain() throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(21);
        String partition = partitionOf(day);
        drop(partition);
        try {
            tx.begin();
            partitions.ensure(Set.of(day));
            tx.rollback();
            assertFalse(partitions.existingPartitions().contains(partition));
            tx.begin();
            partitions.ensure(Set.of(day)); // was taken as known, and an event for that day failed for want of it
            tx.commit();
            assertTrue(partitions.existingPartitions().contains(partition));
        } finally {
            drop(partition);
        }
    }

    private static String partitionOf(LocalDate day) {
        return "event_p" + day.toString().replace("-", "");
    }

    private void drop(String partition) throws Exception {
        tx.begin();
        em.createNativeQuery("DROP TABLE IF EXISTS " + partition).executeUpdate();
        tx.commit();
    }

    private long waitingOnLocks() {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock'").getSingleResult()).longValue();
    }

    private void inTransaction(Runnable work) {
        try {
            tx.begin();
            try {
                work.run();
            } catch (RuntimeException e) {
                tx.rollback();
                throw e;
            }
            tx.commit();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(60, SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
