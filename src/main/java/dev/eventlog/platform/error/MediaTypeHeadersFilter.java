package dev.eventlog.platform.error;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses an Accept or Content-Type header that does not parse, before resource matching reads
 * it: the JAX-RS runtime would otherwise fail inside matching with an exception of its own (a
 * 500, or the container's HTML page) instead of the API's 400.
 */
@Provider
@PreMatching
@Priority(101)
public class MediaTypeHeadersFilter implements ContainerRequestFilter {

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[^\"\\\\\r\n]|\\\\.)*\"";
    /** RFC 9110's media-type: type/subtype and parameters, each name=value. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("\\s*" + TOKEN + "/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))*\\s*");
    /** RFC 9110's qvalue: 0 to 1 with at most three decimals. */
    private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");
    private static final Pattern Q_PARAMETER = Pattern.compile(";\\s*[qQ]=([^;\\s]*)");

    @Override
    public void filter(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null && !isAcceptList(accept)) {
            request.abortWith(ErrorResponses.error(400, "The Accept header is not a list of media ranges."));
            return;
        }
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && !contentType.isBlank() && !isMediaType(contentType)) {
            request.abortWith(ErrorResponses.error(400, "The Content-Type header is not a media type."));
        }
    }

    /** Media ranges separated by commas (a quoted comma inside a parameter is not expected here). */
    static boolean isAcceptList(String accept) {
        for (String range : accept.split(",")) {
            if (range.isBlank()) {
                continue;
            }
            if (!MEDIA_TYPE.matcher(range).matches()) {
                return false;
            }
            Matcher q = Q_PARAMETER.matcher(range);
            if (q.find() && !QVALUE.matcher(q.group(1)).matches()) {
                return false;
            }
        }
        return true;
    }

    static boolean isMediaType(String contentType) {
        return MEDIA_TYPE.matcher(contentType).matches();
    }
}
