package dev.eventlog.attempt;

import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.http.QueryParameters;
import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.security.Caller;
import dev.eventlog.webhook.SubscriptionService;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.regex.Pattern;

/** A subscription's delivery attempts, newest first, cursor-paginated. */
@Path("/v1/webhook/{id}/attempts")
@Produces(MediaType.APPLICATION_JSON)
public class AttemptResource {

    private static final Pattern ATTEMPT_ID = Pattern.compile("whatt_[0-9A-Za-z]{22}");
    private static final int MAX_LIMIT = 100;

    @Inject
    SubscriptionService subscriptions;

    @Inject
    AttemptLog attempts;

    @Inject
    Caller caller;

    @GET
    @Path("/")
    public JsonObject list(@PathParam("id") String id, @QueryParam("_cursor") String cursor,
                           @QueryParam("_limit") String limitParam) {
        FieldErrors errors = new FieldErrors();
        if (cursor != null && !ATTEMPT_ID.matcher(cursor).matches()) {
            errors.add("_cursor", "Invalid cursor: use cursor_next from an earlier answer.");
        }
        int limit = QueryParameters.limit(limitParam, 50, MAX_LIMIT, errors);
        errors.throwIfAny();
        // Same access rule as the subscription itself: 404 for other organizations, 403 for others' own.
        subscriptions.get(new SubscriptionService.Actor(caller.organizationId(), caller.userId(), caller.isAdmin()), id);
        List<JsonObject> page = attempts.list(id, cursor, limit + 1);
        boolean more = page.size() > limit;
        List<JsonObject> shown = more ? page.subList(0, limit) : page;
        JsonArrayBuilder data = Jsonp.createArrayBuilder();
        shown.forEach(data::add);
        return Jsonp.createObjectBuilder()
                .add("data", data)
                .add("cursor_next", more ? Jsonp.createValue(shown.get(limit - 1).getString("id")) : JsonValue.NULL)
                .build();
    }
}
