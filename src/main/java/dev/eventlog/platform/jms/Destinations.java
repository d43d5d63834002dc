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
 *
 * <p>Each JNDI name ends in its destination's physical name, on purpose. When an MDB's connection
 * to the broker breaks (a remote broker failing over: README, "Running several nodes"), Artemis'
 * resource adapter sets the MDB up again on a thread of its own, where {@code java:app} does not
 * resolve; it then consumes from a queue named after the last segment of the lookup name. With
 * {@code java:app/jms/eventlog/ingest} that was a new, empty queue "ingest", and every ingest message
 * waited unread in eventlog.ingest (seen in the cluster's failure tests).
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
                destinationName = Destinations.DISPATCH_NAME,
                description = "Stored events to match against webhook subscriptions"),
        @JMSDestinationDefinition(
                name = Destinations.DELIVERY,
                interfaceName = "jakarta.jms.Queue",
                destinationName = Destinations.DELIVERY_NAME,
                description = "Webhook deliveries ready for their first attempt"),
        @JMSDestinationDefinition(
                name = Destinations.STREAM,
                interfaceName = "jakarta.jms.Topic",
                destinationName = Destinations.STREAM_NAME,
                description = "The stream: every stored event and consolidation change, in position order (package stream)")
})
public final class Destinations {

    public static final String INGEST_NAME = "eventlog.ingest";
    public static final String INGEST = "java:app/jms/" + INGEST_NAME;
    public static final String INGEST_REJECTED_NAME = "eventlog.ingest.rejected";
    public static final String INGEST_REJECTED = "java:app/jms/" + INGEST_REJECTED_NAME;
    public static final String INGEST_DEAD_NAME = "eventlog.ingest.dead";
    public static final String INGEST_DEAD = "java:app/jms/" + INGEST_DEAD_NAME;
    public static final String DISPATCH_NAME = "eventlog.dispatch";
    public static final String DISPATCH = "java:app/jms/" + DISPATCH_NAME;
    public static final String DELIVERY_NAME = "eventlog.delivery";
    public static final String DELIVERY = "java:app/jms/" + DELIVERY_NAME;
    /** A topic: consumers read it with a durable shared subscription named after themselves. */
    public static final String STREAM_NAME = "eventlog.stream";
    public static final String STREAM = "java:app/jms/" + STREAM_NAME;

    private Destinations() {
    }
}
