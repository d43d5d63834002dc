package dev.eventlog.delivery;

import dev.eventlog.webhook.WebhookSettings;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs attempts: claim the delivery, check the target again (DNS may have changed since the
 * subscription was made), POST it asynchronously and record how it went. Called by the delivery
 * queue for first attempts and by the retry timer for everything due.
 */
@ApplicationScoped
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class.getName());

    @Inject
    DeliverySteps steps;

    @Inject
    WebhookSender sender;

    @Inject
    InFlightLimiter inFlight;

    @Inject
    WebhookSettings webhookSettings;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ContextService context;

    public void attemptNow(String deliveryId) {
        Backlog.Claimed claimed = steps.claim(deliveryId);
        if (claimed != null) {
            start(claimed);
        }
    }

    /** @return how many attempts were started */
    public int attemptDue(int limit) {
        List<Backlog.Claimed> due = steps.claimDue(limit);
        due.forEach(this::start);
        return due.size();
    }

    private void start(Backlog.Claimed delivery) {
        if (!inFlight.tryAcquire(delivery.subscriptionId())) {
            steps.postpone(delivery);
            return;
        }
        boolean handedOff = false;
        try {
            Optional<WebhookRequest> request = steps.prepare(delivery);
            if (request.isEmpty()) {
                steps.drop(delivery, "Dropped: the event or the subscription no longer exists");
                return;
            }
            try {
                webhookSettings.addressGuard().checkUrl(request.get().url());
            } catch (IllegalArgumentException refused) {
                steps.record(delivery, AttemptOutcome.notSent("Not sent: " + refused.getMessage()));
                return;
            }
            // The answer arrives on an HTTP client thread, outside the application: the callback is
            // made contextual here and run on a managed thread, where transactions work.
            sender.post(request.get()).whenCompleteAsync(
                    context.contextualConsumer((AttemptOutcome outcome, Throwable error) -> finish(delivery, outcome, error)),
                    executor);
            handedOff = true;
        } finally {
            if (!handedOff) {
                inFlight.release(delivery.subscriptionId());
            }
        }
    }

    private void finish(Backlog.Claimed delivery, AttemptOutcome outcome, Throwable error) {
        try {
            steps.record(delivery, outcome != null ? outcome : AttemptOutcome.notSent(String.valueOf(error)));
        } catch (RuntimeException e) {
            // The claim's lease runs out and the retry timer attempts the delivery again.
            LOG.log(Level.WARNING, "Could not record the attempt of delivery " + delivery.id(), e);
        } finally {
            inFlight.release(delivery.subscriptionId());
        }
    }
}
