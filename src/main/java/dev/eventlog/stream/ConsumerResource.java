package dev.eventlog.stream;

import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.json.RequestBodies;
import dev.eventlog.security.Caller;
import dev.eventlog.security.Credential;
import dev.eventlog.security.Secured;
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

/**
 * Named consumers: register one, read as it ({@code GET /stream/?consumer=name}), commit its
 * position after processing, move it back to replay. Takes a consumer key; one issued for an
 * organization sees and makes only that organization's consumers.
 */
@Path("/v1/internal/consumer")
@Secured(Credential.CONSUMER_KEY)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class ConsumerResource {

    @Inject
    Caller caller;

    @Inject
    Consumers consumers;

    @POST
    @Path("/")
    public Response register(byte[] body) {
        ConsumerRequests.NewConsumer request = ConsumerRequests.NewConsumer.from(RequestBodies.object(body, false));
        return Response.status(Response.Status.CREATED)
                .entity(StreamJson.consumer(consumers.register(caller.organizationId(), request)))
                .build();
    }

    @GET
    @Path("/")
    public JsonObject list() {
        JsonArrayBuilder data = Jsonp.createArrayBuilder();
        consumers.list(caller.organizationId()).forEach(c -> data.add(StreamJson.consumer(c)));
        return Jsonp.createObjectBuilder().add("data", data).build();
    }

    @GET
    @Path("/{name}/")
    public JsonObject get(@PathParam("name") String name) {
        return StreamJson.consumer(consumers.find(caller.organizationId(), name));
    }

    /**
     * {@code {"position": …}} commits (or moves to) a position; {@code {"position_at": time}} moves
     * it to the first change logged at or after that time; {@code {"start": "beginning"|"now"}}.
     */
    @PUT
    @Path("/{name}/position/")
    public JsonObject move(@PathParam("name") String name, byte[] body) {
        ConsumerRequests.Start to = ConsumerRequests.move(RequestBodies.object(body, false));
        return StreamJson.consumer(consumers.move(caller.organizationId(), name, to));
    }

    @DELETE
    @Path("/{name}/")
    public Response delete(@PathParam("name") String name) {
        consumers.delete(caller.organizationId(), name);
        return Response.noContent().build();
    }
}
