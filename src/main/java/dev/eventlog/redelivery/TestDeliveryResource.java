package dev.eventlog.redelivery;

import dev.eventlog.delivery.AttemptOutcome;
import dev.eventlog.platform.error.ErrorResponses;
import dev.eventlog.platform.lifecycle.ShutdownGate;
import dev.eventlog.security.Caller;
import dev.eventlog.webhook.SubscriptionService;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * POST /api/v1/webhook/{id}/test/: sends a signed test event to the subscription (active or
 * paused: an integrator checks an endpoint before resuming it) and answers with the attempt, as
 * the attempts log shows it, once the receiver has answered. The request holds no thread while the
 * receiver thinks.
 */
@Path("/v1/webhook/{id}/test")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class TestDeliveryResource {

    private static final Logger LOG = Logger.getLogger(TestDeliveryResource.class.getName());

    /** Past the sender's own timeout: the answer always comes first. */
    private static final long ANSWER_TIMEOUT_SECONDS = 120;

    @Inject
    SubscriptionService subscriptions;

    @Inject
    TestDeliveries tests;

    @Inject
    Caller caller;

    @Inject
    ShutdownGate gate;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ContextService context;

    @POST
    @Path("/")
    public void test(@PathParam("id") String id, @Suspended AsyncResponse response) {
        WebhookSubscription subscription = subscriptions.get(
                new SubscriptionService.Actor(caller.organizationId(), caller.userId(), caller.isAdmin()), id);
        response.setTimeout(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        response.setTimeoutHandler(r -> r.resume(ErrorResponses.error(504, "The receiver's answer did not come in time.")));
        TestDeliveries.Sent sent = tests.send(subscription, caller.userId());
        // The answer arrives on an HTTP client thread: recorded on a managed one, where transactions work.
        BiConsumer<AttemptOutcome, Throwable> answered = (outcome, error) -> {
            if (!gate.run(() -> response.resume(recorded(sent, outcome != null ? outcome
                    : AttemptOutcome.notSent(String.valueOf(error)))))) {
                response.resume(ErrorResponses.error(503, "The server is shutting down: try again in a moment."));
            }
        };
        sent.answer().whenCompleteAsync(context.contextualConsumer(answered), executor);
    }

    private Object recorded(TestDeliveries.Sent sent, AttemptOutcome outcome) {
        try {
            try {
                return tests.record(sent.delivery(), outcome);
            } catch (RuntimeException refused) {
                return tests.recordWithoutTexts(sent.delivery(), outcome, refused);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not log test delivery " + sent.delivery().id(), e);
            return ErrorResponses.error(503, "The test was sent, but its outcome could not be recorded: try again in a moment.");
        }
    }
}
