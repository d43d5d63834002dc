package dev.eventlog.platform.error;

import dev.eventlog.platform.json.BadJsonException;
import jakarta.json.JsonException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every failure leaves the API in its documented error format. Unexpected ones are logged with an
 * id that the answer repeats, and no stack trace or exception text ever reaches a client.
 */
public final class ExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ExceptionMappers.class.getName());

    private ExceptionMappers() {
    }

    @Provider
    public static class Api implements ExceptionMapper<ApiException> {
        @Override
        public Response toResponse(ApiException e) {
            return ErrorResponses.error(e.status(), e.getMessage());
        }
    }

    /** A refusal that passes with time: the wait goes into Retry-After. */
    @Provider
    public static class RetryLater implements ExceptionMapper<RetryLaterException> {
        @Override
        public Response toResponse(RetryLaterException e) {
            return Response.fromResponse(ErrorResponses.error(e.status(), e.getMessage()))
                    .header("Retry-After", e.retryAfterSeconds()).build();
        }
    }

    @Provider
    public static class Validation implements ExceptionMapper<ValidationException> {
        @Override
        public Response toResponse(ValidationException e) {
            return ErrorResponses.validation(e.errors(), e.fieldErrors());
        }
    }

    @Provider
    public static class BeanValidation implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException e) {
            Map<String, String> fields = new LinkedHashMap<>();
            e.getConstraintViolations().forEach(v -> {
                String path = v.getPropertyPath().toString();
                fields.putIfAbsent(path.substring(path.lastIndexOf('.') + 1), v.getMessage());
            });
            return ErrorResponses.validation(List.of(), fields);
        }
    }

    /** Malformed JSON in a request body. */
    @Provider
    public static class MalformedJson implements ExceptionMapper<JsonException> {
        @Override
        public Response toResponse(JsonException e) {
            return ErrorResponses.error(400, "The request body is not valid JSON.");
        }
    }

    /** JSON refused by platform.json.JsonInput wherever a resource read it. */
    @Provider
    public static class RefusedJson implements ExceptionMapper<BadJsonException> {
        @Override
        public Response toResponse(BadJsonException e) {
            return e.path() == null ? ErrorResponses.error(400, e.getMessage())
                    : ErrorResponses.validation(List.of(), Map.of(e.path(), e.problem()));
        }
    }

    @Provider
    public static class Processing implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            return ErrorResponses.error(400, "The request body could not be read as JSON.");
        }
    }

    /** The client stopped sending the body it announced: nothing went wrong on this side. */
    @Provider
    public static class UnreadableBody implements ExceptionMapper<java.io.IOException> {
        @Override
        public Response toResponse(java.io.IOException e) {
            return ErrorResponses.error(400, "The request body could not be read.");
        }
    }

    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (e instanceof NotFoundException) {
                return ErrorResponses.error(404, "Not found.");
            }
            if (status >= 500) {
                return unexpected(e);
            }
            Response.StatusType type = e.getResponse().getStatusInfo();
            return ErrorResponses.error(status, type.getReasonPhrase() + ".");
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            return unexpected(e);
        }
    }

    static Response unexpected(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error " + errorId, e);
        return ErrorResponses.error(500, "Internal server error (error id " + errorId + ").");
    }
}
