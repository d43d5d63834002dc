package dev.eventlog.security;

import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.json.RequestBodies;
import dev.eventlog.security.AccountRequests.NewKey;
import dev.eventlog.security.AccountRequests.NewUser;
import dev.eventlog.security.AccountRequests.UserChange;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
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

/** Users and API keys of the caller's organization. */
@Path("/v1")
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    AccountService accounts;

    @Inject
    Caller caller;

    @GET
    @Path("/me/")
    public JsonObject me() {
        return AccountViews.user(currentUser());
    }

    @GET
    @Path("/user/")
    @AdminOnly
    public JsonObject users() {
        return AccountViews.listOf(accounts.listUsers(caller.organizationId()), AccountViews::user);
    }

    /** Adds a user (role "user" unless said otherwise) and answers with their first API key. */
    @POST
    @Path("/user/")
    @AdminOnly
    @Transactional
    public Response createUser(byte[] text) {
        FieldErrors errors = new FieldErrors();
        NewUser body = NewUser.from(RequestBodies.object(text, false), "", errors);
        body.validate(errors, "");
        errors.throwIfAny();
        AppUser user = accounts.createUser(caller.organizationId(), body.email(), body.name(), body.roleOr(Role.USER));
        JsonObject answer = Jsonp.createObjectBuilder()
                .add("user", AccountViews.user(user))
                .add("api_key", AccountViews.key(accounts.issueApiKey(user, null)))
                .build();
        return Response.status(Response.Status.CREATED).entity(answer).build();
    }

    /** Another organization's user id answers 404, exactly like an unknown one. */
    @GET
    @Path("/user/{id}/")
    @AdminOnly
    public JsonObject user(@PathParam("id") String id) {
        return AccountViews.user(accounts.findUser(caller.organizationId(), id).orElseThrow(ApiException::notFound));
    }

    /** Partial: {"role": "admin"|"user"} and/or {"active": false}; takes effect on the next request. */
    @PUT
    @Path("/user/{id}/")
    @AdminOnly
    public JsonObject changeUser(@PathParam("id") String id, byte[] text) {
        UserChange change = UserChange.from(RequestBodies.object(text, false));
        return AccountViews.user(accounts.changeUser(caller.organizationId(), id, change.role(), change.deactivate(),
                caller.userId()));
    }

    /** A user's keys, revoked ones included (never their secrets). */
    @GET
    @Path("/user/{id}/api_key/")
    @AdminOnly
    public JsonObject keysOf(@PathParam("id") String id) {
        return AccountViews.listOf(accounts.listKeys(caller.organizationId(), id), AccountViews::key);
    }

    /** The caller's own keys, whatever their role. */
    @GET
    @Path("/api_key/")
    public JsonObject keys() {
        return AccountViews.listOf(accounts.listKeys(caller.userId()), AccountViews::key);
    }

    /** Another key for the caller, for rotation: create the new one, switch, delete the old. */
    @POST
    @Path("/api_key/")
    public Response createKey(byte[] text) {
        NewKey request = NewKey.from(RequestBodies.object(text, true));
        request.validate();
        IssuedKey issued = accounts.issueApiKey(currentUser(), request.description());
        return Response.status(Response.Status.CREATED).entity(AccountViews.key(issued)).build();
    }

    /** Users revoke their own keys; admins any key of their organization. */
    @DELETE
    @Path("/api_key/{id}/")
    public Response revokeKey(@PathParam("id") String id) {
        boolean own = accounts.listKeys(caller.userId()).stream().anyMatch(k -> k.getId().equals(id));
        if (!own && !caller.isAdmin()) {
            throw ApiException.notFound();
        }
        accounts.revokeKey(caller.organizationId(), id);
        return Response.noContent().build();
    }

    private AppUser currentUser() {
        return accounts.findUser(caller.organizationId(), caller.userId()).orElseThrow(ApiException::notFound);
    }
}
