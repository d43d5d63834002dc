package dev.eventlog.platform.error;

import dev.eventlog.platform.json.BadJsonException;
import dev.eventlog.platform.json.JsonInput;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Refuses, before any resource sees them, paths and query strings whose decoded text could not be
 * stored or compared: percent-escapes that are not UTF-8 (which the container would quietly turn
 * into U+FFFD), U+0000 (which PostgreSQL refuses in a query parameter, failing the request with a
 * 500), and unpaired surrogates. Every id and filter a resource reads comes from one of the two.
 */
@Provider
@PreMatching
@Priority(100)
public class UnstorableUriFilter implements ContainerRequestFilter {

    /**
     * The request as the client sent it. Jersey (Payara) re-escapes a '%' that starts no valid
     * escape when it builds the request URI, so "?object_id=%zz" reached the resource as the text
     * "%zz" there, where WildFly's RESTEasy hands the raw query on and it is refused; the servlet's
     * query string and request URI are undecoded on both servers.
     */
    @Context
    HttpServletRequest servlet;

    @Override
    public void filter(ContainerRequestContext request) {
        URI uri;
        try {
            uri = request.getUriInfo().getRequestUri();
        } catch (IllegalArgumentException e) {
            // The server leaves escapes and characters a URI may not hold to the application
            // (configure.cli: decode-url, allow-unescaped-characters-in-url), so they arrive here
            // rather than failing in the HTTP parser with an empty answer.
            request.abortWith(ErrorResponses.error(400, "The request's path or query string is not a valid URI: "
                    + "'%' must start an escape of two hex digits, and characters such as '{' or '|' must be escaped."));
            return;
        }
        // The servlet's raw path and query where there is one (always, in a WAR), else the URI's.
        String problem = problem(servlet != null ? servlet.getRequestURI() : uri.getRawPath());
        if (problem == null) {
            problem = problem(servlet != null ? servlet.getQueryString() : uri.getRawQuery());
        }
        if (problem != null) {
            request.abortWith(ErrorResponses.error(400, "The request's path or query string is not acceptable: " + problem + "."));
        }
    }

    /** What is wrong with a raw (still percent-encoded) URI component once decoded, or null. */
    static String problem(String raw) {
        if (raw == null || raw.indexOf('%') < 0) {
            return raw == null ? null : JsonInput.textProblem(raw);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (low < 0) {
                    return "'%' must start an escape of two hex digits";
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // A character the client sent unescaped: it counts as its UTF-8 bytes.
                int codePoint = raw.codePointAt(i);
                if (Character.isSurrogate((char) codePoint)) {
                    return JsonInput.textProblem(String.valueOf(c));
                }
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return JsonInput.textProblem(JsonInput.decodeUtf8(bytes.toByteArray()));
        } catch (BadJsonException e) {
            return "percent-escapes must encode UTF-8";
        }
    }
}
