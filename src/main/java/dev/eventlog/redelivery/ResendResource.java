package dev.eventlog.redelivery;

import dev.eventlog.platform.json.Jsonp;
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

/**
 * POST /api/v1/webhook/{id}/deliveries/{delivery_id}/resend/: 202 once the delivery is queued;
 * its attempt appears among the subscription's attempts a moment later.
 */
@Path("/v1/webhook/{id}/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class ResendResource {

    @Inject
    SubscriptionService subscriptions;

    @Inject
    Resends resends;

    @Inject
    Caller caller;

    @POST
    @Path("/{delivery_id}/resend/")
    public Response resend(@PathParam("id") String id, @PathParam("delivery_id") String deliveryId) {
        WebhookSubscription subscription = subscriptions.get(
                new SubscriptionService.Actor(caller.organizationId(), caller.userId(), caller.isAdmin()), id);
        Resends.Resent resent = resends.resend(subscription, deliveryId);
        return Response.accepted(Jsonp.createObjectBuilder()
                .add("delivery_id", resent.deliveryId())
                .add("event_id", resent.eventId())
                .add("status", "pending")
                .build()).build();
    }
}
