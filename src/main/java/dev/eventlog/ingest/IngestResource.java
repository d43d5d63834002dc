package dev.eventlog.ingest;

import dev.eventlog.event.Event;
import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.error.RetryLaterException;
import dev.eventlog.platform.json.JsonInput;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.json.RequestBodies;
import dev.eventlog.security.Credential;
import dev.eventlog.security.Secured;
import jakarta.inject.Inject;
import jakarta.jms.JMSRuntimeException;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionalException;
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
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Producers post one event or a batch. The answer is 202 only after the whole batch is committed
 * to the ingest queue; a bad batch is refused whole, so nothing is half-accepted.
 */
@Path("/v1/internal/event")
@Secured(Credential.INGEST_KEY)
public class IngestResource {

    private static final Logger LOG = Logger.getLogger(IngestResource.class.getName());

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
        try {
            publisher.publish(events);
        } catch (Exception e) { // Exception, not RuntimeException: see brokerDidNotTake
            if (!brokerDidNotTake(e)) {
                throw e; // anything else goes on as before (publish declares nothing checked)
            }
            // The send or its commit failed: the broker went away (a remote pair failing over to its
            // backup, README "Running several nodes") or refused the message (a full address). A
            // 503 with Retry-After tells the producer to send again; a 500 said the fault was ours.
            LOG.log(Level.WARNING, "The broker did not take an ingest batch of " + events.size() + " event(s)", e);
            throw new RetryLaterException(503, "The message broker did not confirm the batch (it may be failing over), "
                    + "so it is not accepted: send it again (events that carry their own id are stored once, "
                    + "however often they are sent).", Duration.ofSeconds(1));
        }

        JsonArrayBuilder ids = Jsonp.createArrayBuilder();
        events.forEach(e -> ids.add(e.getId()));
        return Response.accepted(Jsonp.createObjectBuilder()
                .add("accepted", events.size())
                .add("ids", ids)
                .build()).build();
    }

    /**
     * What a failed send or commit on the ingest queue surfaces as: the send's own runtime
     * exception, or the commit's, which WildFly's {@code @Transactional} interceptor rethrows as the
     * checked JTA exception it is (seen: {@code HeuristicMixedException} when the broker refused a
     * message at the one-phase commit) and other servers wrap in {@link TransactionalException}.
     */
    private static boolean brokerDidNotTake(Throwable e) {
        return e instanceof JMSRuntimeException || e instanceof TransactionalException
                || e instanceof RollbackException || e instanceof HeuristicMixedException
                || e instanceof HeuristicRollbackException;
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
