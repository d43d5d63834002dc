package dev.eventlog.ingest;

import dev.eventlog.event.Event;
import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.json.JsonInput;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.json.RequestBodies;
import dev.eventlog.security.Credential;
import dev.eventlog.security.Secured;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;

/**
 * Producers post one event or a batch. The answer is 202 only after the whole batch is committed
 * to the ingest queue; a bad batch is refused whole, so nothing is half-accepted.
 */
@Path("/v1/internal/event")
@Secured(Credential.INGEST_KEY)
public class IngestResource {

    @Inject
    IngestSettings settings;

    @Inject
    IngestPublisher publisher;

    @Inject
    IngestService ingest;

    @Inject
    Clock clock;

    @POST
    @Path("/")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    public Response ingest(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength) {
        int limit = settings.maxBodyBytes();
        if (contentLength != null && contentLength > limit) {
            throw tooLarge(limit);
        }
        JsonInput.Checked json = RequestBodies.checked(readAtMost(body, limit),
                "The request body is empty; send an event or an array of events.");
        List<Event> events = settings.parser().parse(json.value(), EventParser.Receipt.atApi(clock.instant()), json.problems());
        ingest.refuseUnknownOrganizations(events, json.value() instanceof JsonArray);
        publisher.publish(events);

        JsonArrayBuilder ids = Jsonp.createArrayBuilder();
        events.forEach(e -> ids.add(e.getId()));
        return Response.accepted(Jsonp.createObjectBuilder()
                .add("accepted", events.size())
                .add("ids", ids)
                .build()).build();
    }

    /** Reads the body but stops one byte past the limit: a chunked upload cannot exhaust memory. */
    private static byte[] readAtMost(InputStream in, int limit) {
        try {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw tooLarge(limit);
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("The request body could not be read.");
        }
    }

    private static ApiException tooLarge(int limit) {
        return new ApiException(413, "The request body is larger than " + limit + " bytes.");
    }
}
