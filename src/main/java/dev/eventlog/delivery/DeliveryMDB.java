package dev.eventlog.delivery;

import dev.eventlog.platform.jms.Destinations;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.List;

/**
 * Consumes eventlog.delivery: starts the first attempts of new deliveries (ids, comma-separated). The HTTP call itself is
 * asynchronous, so a slow receiver never holds one of these threads.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Destinations.DELIVERY),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeliveryMDB implements MessageListener {

    @Inject
    DeliveryService deliveries;

    /**
     * Not transactional: the attempt claims its row in a transaction of its own. If the node dies
     * after that, the claim's lease runs out and the retry timer takes the delivery over.
     */
    @Override
    public void onMessage(Message message) {
        try {
            deliveries.attemptNow(List.of(message.getBody(String.class).split(",")));
        } catch (JMSException e) {
            throw new IllegalStateException("Could not read delivery message", e);
        }
    }
}
