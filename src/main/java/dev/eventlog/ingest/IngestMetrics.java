package dev.eventlog.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ingest counters of this node since it started, as Prometheus counters: events received, stored
 * as new rows, merged into an open burst, and ignored as duplicates. Only committed work counts
 * (a rolled-back message is redelivered and would otherwise count twice).
 */
@ApplicationScoped
public class IngestMetrics {

    private final LongAdder received = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder merged = new LongAdder();
    private final LongAdder duplicates = new LongAdder();

    void count(@Observes(during = TransactionPhase.AFTER_SUCCESS) IngestCounts counts) {
        received.add(counts.received());
        stored.add(counts.stored());
        merged.add(counts.merged());
        duplicates.add(counts.duplicates());
    }

    /** Prometheus text exposition format (version 0.0.4). */
    public String prometheusText() {
        long in = received.sum();
        long rows = stored.sum();
        long dup = duplicates.sum();
        StringBuilder text = new StringBuilder();
        counter(text, "eventlog_ingest_events_received_total", "Events taken from the ingest queue.", in);
        counter(text, "eventlog_ingest_events_stored_total", "Events stored as new rows of the event log.", rows);
        counter(text, "eventlog_ingest_events_merged_total",
                "Updates folded into the open event of their burst (consolidation).", merged.sum());
        counter(text, "eventlog_ingest_events_duplicate_total", "Events ignored because their id was already stored.", dup);
        // Distinct events received per row stored: 1.0 without consolidation, higher the more it saves.
        text.append("# HELP eventlog_consolidation_ratio Distinct events received per event stored, since start.\n")
                .append("# TYPE eventlog_consolidation_ratio gauge\n")
                .append("eventlog_consolidation_ratio ").append(rows == 0 ? "NaN" : Double.toString((double) (in - dup) / rows))
                .append('\n');
        return text.toString();
    }

    private static void counter(StringBuilder text, String name, String help, long value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value).append('\n');
    }
}
