package dev.eventlog.platform.error;

import jakarta.ws.rs.core.Response;

/** A failure the caller can act on: mapped to its status and {@code {"error": message}}. */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(Response.Status status, String message) {
        this(status.getStatusCode(), message);
    }

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException notFound() {
        return new ApiException(Response.Status.NOT_FOUND, "Not found.");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(Response.Status.FORBIDDEN, message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Response.Status.BAD_REQUEST, message);
    }
}
