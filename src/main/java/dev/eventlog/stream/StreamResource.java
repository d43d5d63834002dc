package dev.eventlog.stream;

import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.error.RetryLaterException;
import dev.eventlog.platform.http.QueryParameters;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.security.Caller;
import dev.eventlog.security.Credential;
import dev.eventlog.security.Secured;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Set;

/**
 * The stream for internal consumers: changes after a position, in order, with the position to
 * read after next ({@code next}); {@code wait} holds the request until something is new. Takes a
 * consumer key; one issued for an organization reads that organization only.
 */
@Path("/v1/internal/stream")
@Secured(Credential.CONSUMER_KEY)
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

    @Inject
    Caller caller;

    @Inject
    StreamReader reader;

    @Inject
    Consumers consumers;

    @Inject
    StreamWaiters waiters;

    @Inject
    StreamSettings settings;

    @GET
    @Path("/")
    public void read(@Context UriInfo uri, @Suspended AsyncResponse response) {
        try {
            StreamQuery query = StreamQuery.parse(uri.getQueryParameters(), settings.maxWait());
            String scope = caller.organizationId();
            StreamRead read;
            String optionsKey = null;
            if (query.consumer() != null) {
                StreamConsumer consumer = consumers.find(scope, query.consumer());
                read = new StreamRead(query.after() != null ? query.after() : consumer.getPosition(), query.limit(),
                        consumer.getOrganizationId(), consumer.getName());
                optionsKey = consumer.getOptionsKey();
            } else {
                String organizationId = query.organizationId() != null ? query.organizationId() : scope;
                if (scope != null && !scope.equals(organizationId)) {
                    throw ApiException.forbidden("This consumer key reads organization " + scope + " only.");
                }
                read = new StreamRead(query.after() != null ? query.after() : StreamPosition.START, query.limit(),
                        organizationId, null);
            }
            StreamPage page = reader.read(read);
            String key = optionsKey;
            if (!page.entries().isEmpty() || query.waitFor().isZero()) {
                response.resume(StreamJson.page(page, key));
            } else if (!waiters.hold(read.from(page.next()), query.waitFor(), response, p -> StreamJson.page(p, key))) {
                throw new RetryLaterException(503, "This node holds as many long-polls as it may; read again.",
                        Duration.ofSeconds(1));
            }
        } catch (RuntimeException e) {
            response.resume(e);
        }
    }

    /**
     * {@code at}: the position to read after for every change logged at or after that time (the
     * database's clock); without it, the head (only what is written from now on follows).
     */
    @GET
    @Path("/position/")
    public JsonObject position(@Context UriInfo uri) {
        FieldErrors errors = QueryParameters.check(uri.getQueryParameters(), Set.of("at"), "parameter");
        String atText = QueryParameters.first(uri.getQueryParameters(), "at");
        LocalDateTime at = null;
        if (atText != null) {
            try {
                at = Timestamps.parseFilter(atText);
            } catch (IllegalArgumentException e) {
                errors.add("at", e.getMessage());
            }
        }
        errors.throwIfAny();
        StreamPosition position = at == null ? reader.headNow() : reader.positionAt(at);
        return Jsonp.createObjectBuilder().add("position", position.format()).build();
    }
}
