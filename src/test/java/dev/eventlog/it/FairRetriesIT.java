package dev.eventlog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.delivery.Backlog;
import dev.eventlog.it.TestApi.Tenant;
import dev.eventlog.platform.time.Timestamps;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The retry timer's claim is shared out between subscriptions: one with thousands of due
 * deliveries, all due before the few of another, used to fill every claim, so the other's retries
 * waited until the whole backlog had cycled through (minutes at 100,000).
 */
@ExtendWith(ArquillianExtension.class)
class FairRetriesIT {

    @Deployment
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    @Inject
    Backlog backlog;

    @PersistenceContext
    EntityManager em;

    @Inject
    UserTransaction tx;

    private final TestApi api = TestApi.inServer();

    /** {@code count} deliveries already tried once, due {@code first}, then one every millisecond. */
    private void due(String subscriptionId, String prefix, int count, LocalDateTime first) {
        em.createNativeQuery("INSERT INTO webhook_delivery (id, subscription_id, event_id, status, attempts, "
                        + "first_attempt_at, next_attempt_at, date_created) "
                        + "SELECT ?2 || n, ?1, 'ev_' || ?2 || n, 'pending', 1, ?3, CAST(?3 AS timestamp) + n * interval '1 millisecond', ?3 "
                        + "FROM generate_series(1, ?4) AS n")
                .setParameter(1, subscriptionId).setParameter(2, prefix).setParameter(3, first).setParameter(4, count)
                .executeUpdate();
    }

    @Test
    void aBackloggedSubscriptionLeavesRoomInEveryClaimForTheOthers() throws Exception {
        Tenant tenant = api.newTenant();
        String backlogged = api.subscribe(tenant, "http://127.0.0.1:9/busy", "activity.note", "created");
        String few = api.subscribe(tenant, "http://127.0.0.1:9/quiet", "activity.note", "created");
        // An hour ahead of the clock every node uses, so the retry timer leaves these rows alone;
        // and all in one transaction rolled back at the end, so it never sees them at all.
        LocalDateTime at = Timestamps.toUtc(TestClockProducer.CLOCK.instant()).plusHours(1);
        LocalDateTime claimAt = at.plusMinutes(1);
        tx.begin();
        try {
            due(backlogged, "whdel_fairbusy", 3_000, at.minusHours(2));
            due(few, "whdel_fairfew", 3, at.minusMinutes(1));
            // Dispatched a moment ago and never touched: its delivery message's for one lease.
            em.createNativeQuery("INSERT INTO webhook_delivery (id, subscription_id, event_id, status, attempts, "
                            + "next_attempt_at, date_created) VALUES ('whdel_fairfresh', ?1, 'ev_fairfresh', 'pending', 0, ?2, ?2)")
                    .setParameter(1, few).setParameter(2, claimAt.minusSeconds(5)).executeUpdate();

            List<Backlog.Claimed> claimed = backlog.claimDue(claimAt, claimAt.plusSeconds(30), claimAt.minusSeconds(30), 500, 100);

            Map<String, Long> bySubscription = claimed.stream()
                    .collect(Collectors.groupingBy(Backlog.Claimed::subscriptionId, Collectors.counting()));
            assertEquals(3L, bySubscription.get(few), bySubscription.toString());
            assertEquals(100L, bySubscription.get(backlogged), "at most its share: " + bySubscription);
            assertFalse(claimed.stream().anyMatch(c -> c.id().equals("whdel_fairfresh")), "left to its delivery message");
            // The backlogged subscription's share is its oldest due.
            assertTrue(claimed.stream().filter(c -> c.subscriptionId().equals(backlogged))
                    .allMatch(c -> Integer.parseInt(c.id().substring("whdel_fairbusy".length())) <= 100));
            // Leased: the next claim takes the backlogged subscription's next share.
            List<Backlog.Claimed> next = backlog.claimDue(claimAt, claimAt.plusSeconds(30), claimAt.minusSeconds(30), 500, 100);
            assertEquals(100, next.size());
            assertTrue(next.stream().allMatch(c -> c.subscriptionId().equals(backlogged)));
        } finally {
            tx.rollback();
        }
    }
}
