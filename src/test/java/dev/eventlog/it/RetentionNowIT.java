package dev.eventlog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.retention.PartitionMaintenance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The operator's "purge now": the same maintenance as the hourly timer, on demand, system token only. */
@ExtendWith(ArquillianExtension.class)
class RetentionNowIT {

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

    private final TestApi api = TestApi.inServer();

    @Test
    void dropsAPartitionPastTheRetentionAndSaysSo() throws Exception {
        // Made directly, as a node that was down for months would have left it.
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(60);
        String partition = "event_p" + day.toString().replace("-", "");
        tx.begin();
        em.createNativeQuery("CREATE TABLE " + partition + " PARTITION OF event FOR VALUES FROM ('" + day + "') TO ('"
                + day.plusDays(1) + "')").executeUpdate();
        tx.commit();
        assertTrue(partitions.existingPartitions().contains(partition));

        JsonObject answer = TestApi.expect(api.post("/api/v1/system/retention/", TestApi.SYSTEM_TOKEN, null), 200).json();

        List<String> dropped = answer.getJsonArray("dropped").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        assertTrue(dropped.contains(partition), answer.toString());
        assertFalse(partitions.existingPartitions().contains(partition));
    }

    @Test
    void takesOnlyTheSystemToken() {
        TestApi.Tenant tenant = api.newTenant();
        assertEquals(401, api.post("/api/v1/system/retention/", tenant.adminKey(), null).status());
        assertEquals(401, api.post("/api/v1/system/retention/", null, null).status());
    }
}
