package dev.eventlog.security;

import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.security.AccountRequests.NewKey;
import dev.eventlog.security.AccountRequests.NewUser;
import dev.eventlog.security.AccountViews.KeyView;
import dev.eventlog.security.AccountViews.ListOf;
import dev.eventlog.security.AccountViews.UserView;
import dev.eventlog.security.AccountViews.UserWithKey;
import jakarta.inject.Inject;
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

/** Users and API keys of the caller's organization. */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    AccountService accounts;

    @Inject
    Caller caller;

    @GET
    @Path("/me/")
    public UserView me() {
        return UserView.of(currentUser());
    }

    @GET
    @Path("/user/")
    @AdminOnly
    public ListOf<UserView> users() {
        return new ListOf<>(accounts.listUsers(caller.organizationId()).stream().map(UserView::of).toList());
    }

    /** Adds a user (role "user" unless said otherwise) and answers with their first API key. */
    @POST
    @Path("/user/")
    @AdminOnly
    @Transactional
    public Response createUser(NewUser body) {
        if (body == null) {
            throw ApiException.badRequest("A JSON body with at least \"email\" is required.");
        }
        FieldErrors errors = new FieldErrors();
        body.validate(errors, "");
        errors.throwIfAny();
        AppUser user = accounts.createUser(caller.organizationId(), body.email(), body.name(), body.roleOr(Role.USER));
        KeyView key = KeyView.of(accounts.issueApiKey(user, null));
        return Response.status(Response.Status.CREATED).entity(new UserWithKey(UserView.of(user), key)).build();
    }

    @GET
    @Path("/api_key/")
    public ListOf<KeyView> keys() {
        return new ListOf<>(accounts.listKeys(caller.userId()).stream().map(KeyView::of).toList());
    }

    /** Another key for the caller, for rotation: create the new one, switch, delete the old. */
    @POST
    @Path("/api_key/")
    public Response createKey(NewKey body) {
        NewKey request = body == null ? new NewKey(null) : body;
        request.validate();
        IssuedKey issued = accounts.issueApiKey(currentUser(), request.description());
        return Response.status(Response.Status.CREATED).entity(KeyView.of(issued)).build();
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
