package dev.eventlog.webhook;

import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.json.RequestBodies;
import dev.eventlog.security.Caller;
import dev.eventlog.webhook.SubscriptionService.Actor;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** Close's webhook subscription API. */
@Path("/v1/webhook")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
public class WebhookResource {

    @Inject
    SubscriptionService subscriptions;

    @Inject
    WebhookSettings settings;

    @Inject
    Caller caller;

    @POST
    @Path("/")
    public Response create(byte[] body) {
        SubscriptionRequest request = SubscriptionRequest.parse(RequestBodies.object(body, false), true,
                subscriptions.targets(), settings.filterLimits());
        return Response.status(Response.Status.CREATED)
                .entity(SubscriptionViews.of(subscriptions.create(actor(), request)))
                .build();
    }

    @GET
    @Path("/")
    public JsonObject list() {
        JsonArrayBuilder data = Jsonp.createArrayBuilder();
        subscriptions.list(actor()).forEach(s -> data.add(SubscriptionViews.of(s)));
        return Jsonp.createObjectBuilder().add("data", data).build();
    }

    @GET
    @Path("/{id}/")
    public JsonObject get(@PathParam("id") String id) {
        return SubscriptionViews.of(subscriptions.get(actor(), id));
    }

    /** Partial: only the fields given change. {"status": "active"} resumes a paused subscription. */
    @PUT
    @Path("/{id}/")
    public JsonObject update(@PathParam("id") String id, byte[] body) {
        SubscriptionRequest request = SubscriptionRequest.parse(RequestBodies.object(body, false), false,
                subscriptions.targets(), settings.filterLimits());
        return SubscriptionViews.of(subscriptions.update(actor(), id, request));
    }

    /**
     * A new signing key. {@code grace_seconds} (default a day, at most 30 days, 0 = at once): how long
     * deliveries keep carrying the previous key's signature too. The answer is the subscription
     * with its new key; the previous one is never shown again.
     */
    @POST
    @Path("/{id}/rotate_secret/")
    public JsonObject rotateSecret(@PathParam("id") String id, byte[] body) {
        Duration grace = RotationRequest.grace(RequestBodies.object(body, true));
        return SubscriptionViews.of(subscriptions.rotateSecret(actor(), id, grace));
    }

    @DELETE
    @Path("/{id}/")
    public Response delete(@PathParam("id") String id) {
        subscriptions.delete(actor(), id);
        return Response.noContent().build();
    }

    private Actor actor() {
        return new Actor(caller.organizationId(), caller.userId(), caller.isAdmin());
    }

}
