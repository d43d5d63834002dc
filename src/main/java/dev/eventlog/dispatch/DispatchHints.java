package dev.eventlog.dispatch;

import dev.eventlog.event.Event;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a dispatch message says about its events besides their ids, so the dispatcher can skip
 * reading them back when there is nothing to do: no subscription in their organizations, and no
 * consolidation burst to close. Most organizations of a busy log have no webhooks, and reading
 * the events back was the largest cost of dispatching them. A message without hints (queued by
 * an older version) is dispatched in full.
 */
public final class DispatchHints {

    public static final String ORGANIZATIONS = "eventlog_organizations";
    public static final String CLOSES_BURSTS = "eventlog_closes_bursts";

    private DispatchHints() {
    }

    public static String organizations(List<Event> events) {
        return events.stream().map(Event::getOrganizationId).distinct().collect(Collectors.joining(","));
    }

    public static boolean closesBursts(List<Event> events) {
        return events.stream().anyMatch(Event::isConsolidating);
    }

    /** The organizations of a message whose events close no burst; null when it must be dispatched in full. */
    static Set<String> skippableUnless(Message message) throws JMSException {
        if (!message.propertyExists(ORGANIZATIONS) || !message.propertyExists(CLOSES_BURSTS)
                || message.getBooleanProperty(CLOSES_BURSTS)) {
            return null;
        }
        return Arrays.stream(message.getStringProperty(ORGANIZATIONS).split(",")).collect(Collectors.toSet());
    }
}
