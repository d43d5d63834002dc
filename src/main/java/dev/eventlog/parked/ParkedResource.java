package dev.eventlog.parked;

import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.error.ValidationException;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.security.Credential;
import dev.eventlog.security.Secured;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The operator's view of parked ingest messages: list, read, replay onto the ingest queue,
 * discard. Takes the system token only.
 */
@Path("/v1/system/parked")
@Secured(Credential.SYSTEM_TOKEN)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class ParkedResource {

    @Inject
    ParkedMessages parked;

    @GET
    @Path("/")
    public JsonObject list(@Context UriInfo uri) {
        ParkedMessages.Page page = parked.list(ParkedQuery.parse(uri.getQueryParameters()));
        JsonArrayBuilder data = Jsonp.createArrayBuilder();
        page.messages().forEach(m -> data.add(m.json(false)));
        return Jsonp.createObjectBuilder()
                .add("data", data)
                .add("cursor_next", page.next() == null ? JsonValue.NULL : Jsonp.createValue(page.next().encode()))
                .build();
    }

    @POST
    @Path("/replay/")
    public JsonObject replayAll(@Context UriInfo uri) {
        ParkedMessages.Replayed replayed = parked.replayAll(ParkedQuery.queueOnly(uri.getQueryParameters()));
        return Jsonp.createObjectBuilder().add("replayed", replayed.count()).add("more", replayed.more()).build();
    }

    @GET
    @Path("/{id}/")
    public JsonObject get(@PathParam("id") String id) {
        return parked.find(checked(id)).orElseThrow(ApiException::notFound).json(true);
    }

    @POST
    @Path("/{id}/replay/")
    public JsonObject replay(@PathParam("id") String id) {
        ParkedMoves.Moved moved = parked.replay(checked(id)).orElseThrow(ApiException::notFound);
        return Jsonp.createObjectBuilder()
                .add("replayed", moved.message().json(false))
                .add("ingest_message_id", moved.ingestMessageId())
                .build();
    }

    @DELETE
    @Path("/{id}/")
    public Response discard(@PathParam("id") String id) {
        parked.discard(checked(id)).orElseThrow(ApiException::notFound);
        return Response.noContent().build();
    }

    private static String checked(String id) {
        if (!ParkedMessageId.isWellFormed(id)) {
            throw ValidationException.field("id", ParkedMessageId.RULE);
        }
        return id;
    }
}
