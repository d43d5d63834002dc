package dev.eventlog.delivery;

import dev.eventlog.platform.jms.Destinations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import java.util.List;

/**
 * Hands new deliveries to the delivery queue, in the transaction that created them. A message
 * carries several deliveries (comma-separated ids) of one subscription: the broker persists and
 * acknowledges each message, and the consumer claims a message's deliveries in one statement.
 */
@ApplicationScoped
public class DeliveryQueue {

    @Inject
    JMSContext jms;

    @Resource(lookup = Destinations.DELIVERY)
    Queue deliveryQueue;

    /** {@code priority}: the events' JMS priority, so urgent events overtake a backlog here too. */
    public void send(List<String> deliveryIds, int priority) {
        jms.createProducer().setPriority(priority).send(deliveryQueue, String.join(",", deliveryIds));
    }
}
