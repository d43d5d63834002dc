package dev.eventlog.dispatch;

import dev.eventlog.platform.jms.Destinations;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.List;

/**
 * Consumes eventlog.dispatch: stored event ids, comma-separated, all dispatched in the message's
 * transaction; failures roll back and redeliver (dispatch is idempotent per event and subscription).
 * A redelivered message is dispatched carefully, so that one event that cannot be read or
 * processed does not send it back again and again.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = Destinations.DISPATCH),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "8")
})
public class DispatchMDB implements MessageListener {

    @Inject
    Dispatcher dispatcher;

    @Inject
    CarefulDispatch careful;

    @Override
    public void onMessage(Message message) {
        try {
            List<String> eventIds = List.of(message.getBody(String.class).split(","));
            if (message.getJMSRedelivered()) {
                careful.dispatch(eventIds, DispatchHints.skippableUnless(message));
            } else {
                dispatcher.dispatch(eventIds, DispatchHints.skippableUnless(message));
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Could not read dispatch message", e);
        }
    }
}
