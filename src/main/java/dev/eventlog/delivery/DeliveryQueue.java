package dev.eventlog.delivery;

import dev.eventlog.platform.jms.Destinations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;

/** Hands a new delivery to the delivery queue, in the transaction that created it. */
@ApplicationScoped
public class DeliveryQueue {

    @Inject
    JMSContext jms;

    @Resource(lookup = Destinations.DELIVERY)
    Queue deliveryQueue;

    /** {@code priority}: the event's JMS priority, so urgent events overtake a backlog here too. */
    public void send(String deliveryId, int priority) {
        jms.createProducer().setPriority(priority).send(deliveryQueue, deliveryId);
    }
}
