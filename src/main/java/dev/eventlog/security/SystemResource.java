package dev.eventlog.security;

import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.json.RequestBodies;
import dev.eventlog.security.AccountRequests.NewConsumerKey;
import dev.eventlog.security.AccountRequests.NewKey;
import dev.eventlog.security.AccountRequests.NewOrganization;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The operator's bootstrap: organizations (with their first admin and key) and producers' ingest
 * keys, which may write any organization's events, and consumers' keys, which may read them: both
 * are listed and revoked here alone. Takes the system token only.
 */
@Path("/v1/system")
@Secured(Credential.SYSTEM_TOKEN)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

    @Inject
    AccountService accounts;

    @POST
    @Path("/organization/")
    @Transactional
    public Response createOrganization(byte[] text) {
        NewOrganization body = NewOrganization.from(RequestBodies.object(text, false));
        body.validate();
        Organization org = accounts.createOrganization(body.id(), body.name());
        JsonObjectBuilder answer = Jsonp.createObjectBuilder().add("organization", AccountViews.organization(org));
        if (body.admin() != null) {
            AppUser user = accounts.createUser(org.getId(), body.admin().email(), body.admin().name(), Role.ADMIN);
            answer.add("admin", AccountViews.user(user))
                    .add("api_key", AccountViews.key(accounts.issueApiKey(user, "bootstrap")));
        }
        return Response.status(Response.Status.CREATED).entity(answer.build()).build();
    }

    @POST
    @Path("/ingest_key/")
    public Response createIngestKey(byte[] text) {
        NewKey request = NewKey.from(RequestBodies.object(text, true));
        request.validate();
        return Response.status(Response.Status.CREATED)
                .entity(AccountViews.key(accounts.issueIngestKey(request.description())))
                .build();
    }

    /** Every ingest key, revoked ones included (never their secrets). */
    @GET
    @Path("/ingest_key/")
    public JsonObject ingestKeys() {
        return AccountViews.listOf(accounts.listOperatorKeys(ApiKey.KIND_INGEST), AccountViews::key);
    }

    /** Refused from the next request on; the row stays, marked revoked. Revoking twice is harmless. */
    @DELETE
    @Path("/ingest_key/{id}/")
    public Response revokeIngestKey(@PathParam("id") String id) {
        accounts.revokeOperatorKey(ApiKey.KIND_INGEST, id);
        return Response.noContent().build();
    }

    /**
     * A key for an internal consumer of the stream: {@code organization_id} narrows it to one
     * organization; without it the key reads every organization's events.
     */
    @POST
    @Path("/consumer_key/")
    public Response createConsumerKey(byte[] text) {
        NewConsumerKey request = NewConsumerKey.from(RequestBodies.object(text, true));
        return Response.status(Response.Status.CREATED)
                .entity(AccountViews.key(accounts.issueConsumerKey(request.description(), request.organizationId())))
                .build();
    }

    @GET
    @Path("/consumer_key/")
    public JsonObject consumerKeys() {
        return AccountViews.listOf(accounts.listOperatorKeys(ApiKey.KIND_CONSUMER), AccountViews::key);
    }

    @DELETE
    @Path("/consumer_key/{id}/")
    public Response revokeConsumerKey(@PathParam("id") String id) {
        accounts.revokeOperatorKey(ApiKey.KIND_CONSUMER, id);
        return Response.noContent().build();
    }
}
