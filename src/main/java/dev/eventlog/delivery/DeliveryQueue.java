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

    public void send(String deliveryId) {
        jms.createProducer().send(deliveryQueue, deliveryId);
    }
}
