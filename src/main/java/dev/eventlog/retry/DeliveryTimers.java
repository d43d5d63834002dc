package dev.eventlog.retry;

import dev.eventlog.delivery.DeliveryService;
import dev.eventlog.health.SubscriptionHealth;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The clockwork of delivery: retries (and anything the delivery queue could not start) every few
 * seconds, health every minute. Not persistent: a missed run is done by the next. Every node runs
 * them; SKIP LOCKED keeps two nodes from taking the same delivery.
 */
@Singleton
@DependsOn("DatabaseMigrations") // a timer firing during deployment must not query a schema not yet migrated
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
// Read: the health check must run while a long retry round is still going (with the default write
// lock it timed out waiting for one, so a backlog could grow past the pause limit unchecked).
// The container never runs one timer's callback twice at once.
@Lock(LockType.READ)
public class DeliveryTimers {

    /** Per run: bounded so one run never holds more claims than it can start in a few seconds. */
    private static final int RETRY_BATCH = 500;

    /**
     * Per subscription and claim (Backlog.claimDue takes them in turns), so one backlogged
     * subscription never fills a claim; it gets the next share as soon as this one is started.
     */
    private static final int RETRY_SHARE = 100;

    @Inject
    DeliveryService deliveries;

    @Inject
    SubscriptionHealth health;

    @Schedule(hour = "*", minute = "*", second = "*/2", persistent = false)
    void retryDue() {
        while (deliveries.attemptDue(RETRY_BATCH, RETRY_SHARE)) {
            // all claimed were started: more may be due right now, and there is room for it
        }
    }

    /** Off only in tests, which run the check themselves at the moments they choose. */
    @Inject
    @ConfigProperty(name = "eventlog.webhook.health-timer", defaultValue = "true")
    boolean healthTimer;

    @Schedule(hour = "*", minute = "*", persistent = false)
    void checkHealth() {
        if (healthTimer) {
            health.check();
        }
    }
}
