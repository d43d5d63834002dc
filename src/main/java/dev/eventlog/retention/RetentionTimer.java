package dev.eventlog.retention;

import dev.eventlog.health.SubscriptionCleanup;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Runs partition maintenance at deployment (so a fresh database can take events at once) and
 * the whole retention (RetentionRun) hourly after that. Not persistent: a missed run is simply
 * done by the next one.
 */
@Singleton
@Startup
// Each step takes short transactions of its own; an outer one would only time out around them.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@DependsOn("DatabaseMigrations")
public class RetentionTimer {

    @Inject
    PartitionMaintenance partitions;

    @Inject
    RetentionRun retention;

    @Inject
    SubscriptionCleanup cleanup;

    /** Partitions, and leftover cleanups in the background: deployment must not wait for purges. */
    @PostConstruct
    void atDeployment() {
        partitions.maintain();
        cleanup.sweepSoon();
    }

    @Schedule(hour = "*", minute = "5", persistent = false)
    void hourly() {
        retention.run();
    }
}
