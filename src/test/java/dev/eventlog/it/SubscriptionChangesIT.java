package dev.eventlog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventlog.platform.id.Ids;
import dev.eventlog.webhook.ActiveSubscriptions;
import dev.eventlog.webhook.SubscriptionVersion;
import dev.eventlog.webhook.SubscriptionsChanged;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A subscription change made on another node is seen by this node's next dispatch, not up to a
 * second later (issue 13). The other node is played by a transaction that writes what its
 * transaction would (the subscription row, and the change count through the same bean) without
 * this node's change notification, which would drop its cached subscriptions too.
 */
@ExtendWith(ArquillianExtension.class)
class SubscriptionChangesIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @Inject
    ActiveSubscriptions active;

    @Inject
    SubscriptionVersion version;

    @Inject
    UserTransaction tx;

    @PersistenceContext
    EntityManager em;

    private final TestApi api = TestApi.inServer();

    private Set<String> dispatchSees(String organizationId) throws Exception {
        tx.begin();
        try {
            return active.of(organizationId).stream().map(WebhookSubscription::getId).collect(Collectors.toSet());
        } finally {
            tx.commit();
        }
    }

    @Test
    void aSubscriptionAnotherNodeCreatedOrPausedIsSeenByTheNextDispatchHere() throws Exception {
        TestApi.Tenant tenant = api.newTenant();
        String org = tenant.organizationId();
        String first = api.subscribe(tenant, "http://127.0.0.1:9/first", "activity.note", "created");
        assertEquals(Set.of(first), dispatchSees(org)); // cached here from now on

        String second = Ids.newId("whsub_", Instant.now());
        tx.begin();
        em.createNativeQuery("INSERT INTO webhook_subscription (id, organization_id, url, events, status, signature_key, "
                        + "date_created, date_updated) VALUES (?1, ?2, 'http://127.0.0.1:9/second', "
                        + "CAST('[{\"object_type\": \"activity.note\", \"action\": \"created\"}]' AS jsonb), 'active', ?3, "
                        + "now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')")
                .setParameter(1, second).setParameter(2, org).setParameter(3, Ids.randomToken(32)).executeUpdate();
        version.bump(new SubscriptionsChanged(org));
        tx.commit();
        assertEquals(Set.of(first, second), dispatchSees(org), "a subscription made on another node a moment ago");

        tx.begin();
        em.createNativeQuery("UPDATE webhook_subscription SET status = 'paused', pause_reason = 'manual' WHERE id = ?1")
                .setParameter(1, first).executeUpdate();
        version.bump(new SubscriptionsChanged(org));
        tx.commit();
        assertEquals(Set.of(second), dispatchSees(org), "one paused there a moment ago");
    }
}
