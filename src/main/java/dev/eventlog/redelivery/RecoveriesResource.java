package dev.eventlog.redelivery;

import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.security.Caller;
import dev.eventlog.webhook.SubscriptionService;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET /api/v1/webhook/{id}/recoveries/ (the latest, newest first) and …/recoveries/{recovery_id}/. */
@Path("/v1/webhook/{id}/recoveries")
@Produces(MediaType.APPLICATION_JSON)
public class RecoveriesResource {

    @Inject
    SubscriptionService subscriptions;

    @Inject
    Recoveries recoveries;

    @Inject
    Caller caller;

    @GET
    @Path("/")
    public JsonObject list(@PathParam("id") String id) {
        JsonArrayBuilder data = Jsonp.createArrayBuilder();
        recoveries.list(subscription(id)).forEach(data::add);
        return Jsonp.createObjectBuilder().add("data", data).build();
    }

    @GET
    @Path("/{recovery_id}/")
    public JsonObject get(@PathParam("id") String id, @PathParam("recovery_id") String recoveryId) {
        return recoveries.get(subscription(id), recoveryId);
    }

    private WebhookSubscription subscription(String id) {
        return subscriptions.get(new SubscriptionService.Actor(caller.organizationId(), caller.userId(), caller.isAdmin()), id);
    }
}
