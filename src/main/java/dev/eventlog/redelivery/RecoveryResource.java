package dev.eventlog.redelivery;

import dev.eventlog.platform.json.RequestBodies;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.security.Caller;
import dev.eventlog.webhook.SubscriptionService;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;

/**
 * POST /api/v1/webhook/{id}/recover/: re-sends what the subscription wanted in a window of the log
 * and did not receive (or, with include_delivered, everything it wanted), in the background. 202
 * with the recovery; its progress is at …/recoveries/{recovery_id}/.
 */
@Path("/v1/webhook/{id}/recover")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class RecoveryResource {

    @Inject
    SubscriptionService subscriptions;

    @Inject
    Recoveries recoveries;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @POST
    @Path("/")
    public Response recover(@PathParam("id") String id, byte[] body) {
        WebhookSubscription subscription = subscriptions.get(
                new SubscriptionService.Actor(caller.organizationId(), caller.userId(), caller.isAdmin()), id);
        RecoveryRequest request = RecoveryRequest.parse(RequestBodies.object(body, false), Timestamps.toUtc(clock.instant()));
        return Response.accepted(recoveries.start(subscription, request, caller.userId())).build();
    }
}
