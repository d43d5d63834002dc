package dev.eventlog.platform.error;

import dev.eventlog.platform.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Builds the API's two error shapes, so every mapper and filter answers alike. */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static Response error(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Jsonp.createObjectBuilder().add("error", message).build())
                .build();
    }

    public static Response validation(List<String> errors, Map<String, String> fieldErrors) {
        JsonArrayBuilder list = Jsonp.createArrayBuilder();
        errors.forEach(list::add);
        JsonObjectBuilder fields = Jsonp.createObjectBuilder();
        fieldErrors.forEach(fields::add);
        return Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Jsonp.createObjectBuilder().add("errors", list).add("field-errors", fields).build())
                .build();
    }
}
