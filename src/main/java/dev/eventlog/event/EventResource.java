package dev.eventlog.event;

import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.security.Caller;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * Close's Event Log API: list with filters and cursors, and one event by id. Every request, a
 * refused one too, counts against the key's rate limit (EventLogLimits).
 */
@Path("/v1/event")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    @Inject
    EventLog log;

    @Inject
    EventLogLimits limits;

    @Inject
    Caller caller;

    @GET
    @Path("/")
    public JsonObject list(@Context UriInfo uri) {
        EventPage page = limits.run(caller.keyId(), caller.organizationId(),
                () -> log.list(caller.organizationId(), EventQuery.parse(uri.getQueryParameters())));
        JsonArrayBuilder data = Jsonp.createArrayBuilder();
        page.events().forEach(e -> data.add(EventJson.publicJson(e, log.showsData(e, caller.isAdmin()))));
        return Jsonp.createObjectBuilder()
                .add("data", data)
                .add("cursor_next", page.next() == null ? JsonValue.NULL : Jsonp.createValue(page.next().encode()))
                .add("cursor_previous", page.previous() == null ? JsonValue.NULL : Jsonp.createValue(page.previous().encode()))
                .build();
    }

    /** Another organization's event id answers 404, exactly like an unknown one. */
    @GET
    @Path("/{id}/")
    public JsonObject get(@PathParam("id") String id) {
        Event event = limits.run(caller.keyId(), caller.organizationId(), () -> log.find(caller.organizationId(), id))
                .orElseThrow(ApiException::notFound);
        return EventJson.publicJson(event, log.showsData(event, caller.isAdmin()));
    }
}
