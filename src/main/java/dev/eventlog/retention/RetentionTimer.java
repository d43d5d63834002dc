package dev.eventlog.retention;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/**
 * Runs partition maintenance at deployment (so a fresh database can take events at once) and
 * hourly after that. Not persistent: a missed run is simply done by the next one.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrations")
public class RetentionTimer {

    @Inject
    PartitionMaintenance partitions;

    @PostConstruct
    void atDeployment() {
        partitions.maintain();
    }

    @Schedule(hour = "*", minute = "5", persistent = false)
    void hourly() {
        partitions.maintain();
    }
}
