package dev.eventlog.platform.jms;

import jakarta.jms.JMSDestinationDefinition;
import jakarta.jms.JMSDestinationDefinitions;

/**
 * Every queue of the pipeline (and the stream's topic), declared by the WAR in one place with portable
 * {@code java:app} names (WildFly and Payara both create them at deploy time). The physical names
 * are what remote producers use: {@code eventlog.ingest} is the only one they may send to.
 *
 * <p>{@code eventlog.ingest.rejected} and {@code eventlog.ingest.dead} are where ingest messages
 * are parked (package {@code dev.eventlog.parked} lists and replays them). The dead one is
 * only filled if the server routes the ingest queue's dead letters there: WildFly by the address
 * setting in {@code server-config/wildfly/configure.cli}; the WAR cannot say it portably.
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
                destinationName = Destinations.INGEST_REJECTED_NAME,
                description = "Ingest messages (or single events) that were refused, with the reason, kept for an operator"),
        @JMSDestinationDefinition(
                name = Destinations.INGEST_DEAD,
                interfaceName = "jakarta.jms.Queue",
                destinationName = Destinations.INGEST_DEAD_NAME,
                description = "Ingest messages whose every delivery failed (the server's dead-letter address for the ingest queue)"),
        @JMSDestinationDefinition(
                name = Destinations.DISPATCH,
                interfaceName = "jakarta.jms.Queue",
                destinationName = "eventlog.dispatch",
                description = "Stored events to match against webhook subscriptions"),
        @JMSDestinationDefinition(
                name = Destinations.DELIVERY,
                interfaceName = "jakarta.jms.Queue",
                destinationName = "eventlog.delivery",
                description = "Webhook deliveries ready for their first attempt"),
        @JMSDestinationDefinition(
                name = Destinations.STREAM,
                interfaceName = "jakarta.jms.Topic",
                destinationName = Destinations.STREAM_NAME,
                description = "The stream: every stored event and consolidation change, in position order (package stream)")
})
public final class Destinations {

    public static final String INGEST_NAME = "eventlog.ingest";
    public static final String INGEST = "java:app/jms/eventlog/ingest";
    public static final String INGEST_REJECTED_NAME = "eventlog.ingest.rejected";
    public static final String INGEST_REJECTED = "java:app/jms/eventlog/ingest-rejected";
    public static final String INGEST_DEAD_NAME = "eventlog.ingest.dead";
    public static final String INGEST_DEAD = "java:app/jms/eventlog/ingest-dead";
    public static final String DISPATCH = "java:app/jms/eventlog/dispatch";
    public static final String DELIVERY = "java:app/jms/eventlog/delivery";
    /** A topic: consumers read it with a durable shared subscription named after themselves. */
    public static final String STREAM_NAME = "eventlog.stream";
    public static final String STREAM = "java:app/jms/eventlog/stream";

    private Destinations() {
    }
}
