package dev.eventlog.dispatch;

import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Sweeps owed dispatches every five seconds (DispatchSweep). Not persistent: a missed run is done
 * by the next. Every node runs it; SKIP LOCKED keeps two nodes from sweeping the same rows.
 */
@Singleton
@DependsOn("DatabaseMigrations") // a timer firing during deployment must not query a schema not yet migrated
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DispatchSweepTimer {

    @Inject
    DispatchSweep sweep;

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    void sweepOwed() {
        sweep.sweep();
    }
}
