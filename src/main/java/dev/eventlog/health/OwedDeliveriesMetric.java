package dev.eventlog.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;

/**
 * Owed webhook deliveries per subscription, for the metrics endpoint: what an operator cannot see
 * in either server's console, since a delivery waiting for its retry is a database row, not a
 * message. Only subscriptions that owe something are listed, so the series stay few.
 */
@ApplicationScoped
public class OwedDeliveriesMetric {

    @Inject
    SubscriptionHealth health;

    public String prometheusText() {
        StringBuilder text = new StringBuilder()
                .append("# HELP eventlog_webhook_owed_deliveries Deliveries of a subscription not yet made (first attempts")
                .append(" queued and retries waiting), for subscriptions that owe any.\n")
                .append("# TYPE eventlog_webhook_owed_deliveries gauge\n");
        Map<String, Long> owed = new TreeMap<>(health.pending());
        owed.forEach((subscription, count) -> text.append("eventlog_webhook_owed_deliveries{subscription=\"")
                .append(subscription).append("\"} ").append(count).append('\n'));
        return text.toString();
    }
}
