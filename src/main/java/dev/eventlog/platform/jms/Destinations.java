package dev.eventlog.platform.jms;

import jakarta.jms.JMSDestinationDefinition;
import jakarta.jms.JMSDestinationDefinitions;

/**
 * Every queue of the pipeline, declared by the WAR in one place with portable
 * {@code java:app} names (WildFly and Payara both create them at deploy time). The physical names
 * are what remote producers use: {@code eventlog.ingest} is the only one they may send to.
 */
@JMSDestinationDefinitions({
        @JMSDestinationDefinition(
                name = Destinations.INGEST,
                interfaceName = "jakarta.jms.Queue",
                destinationName = Destinations.INGEST_NAME,
                description = "Events from producers (REST ingest and remote Artemis clients)"),
        @JMSDestinationDefinition(
                name = Destinations.INGEST_REJECTED,
                interfaceName = "jakarta.jms.Queue",
                destinationName = "eventlog.ingest.rejected",
                description = "Messages from remote producers that failed validation, kept for inspection"),
        @JMSDestinationDefinition(
                name = Destinations.DISPATCH,
                interfaceName = "jakarta.jms.Queue",
                destinationName = "eventlog.dispatch",
                description = "Stored events to match against webhook subscriptions"),
        @JMSDestinationDefinition(
                name = Destinations.DELIVERY,
                interfaceName = "jakarta.jms.Queue",
                destinationName = "eventlog.delivery",
                description = "Webhook deliveries ready for their first attempt")
})
public final class Destinations {

    public static final String INGEST_NAME = "eventlog.ingest";
    public static final String INGEST = "java:app/jms/eventlog/ingest";
    public static final String INGEST_REJECTED = "java:app/jms/eventlog/ingest-rejected";
    public static final String DISPATCH = "java:app/jms/eventlog/dispatch";
    public static final String DELIVERY = "java:app/jms/eventlog/delivery";

    private Destinations() {
    }
}
