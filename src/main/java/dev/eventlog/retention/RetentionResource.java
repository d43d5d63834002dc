package dev.eventlog.retention;

import dev.eventlog.platform.json.Jsonp;
import dev.eventlog.security.Credential;
import dev.eventlog.security.Secured;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Runs the retention now instead of at the next hourly timer: for an operator who has just
 * lowered the retention, and for the purge benchmark (P5). Takes the system token only.
 */
@Path("/v1/system/retention")
@Secured(Credential.SYSTEM_TOKEN)
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

    @Inject
    RetentionRun retention;

    @POST
    @Path("/")
    public JsonObject maintainNow() {
        RetentionRun.Result result = retention.run();
        return Jsonp.createObjectBuilder()
                .add("created", names(result.created()))
                .add("dropped", names(result.dropped()))
                .add("attempts_deleted", result.attemptsDeleted())
                .build();
    }

    private static JsonArrayBuilder names(List<String> partitions) {
        JsonArrayBuilder array = Jsonp.createArrayBuilder();
        partitions.forEach(array::add);
        return array;
    }
}
