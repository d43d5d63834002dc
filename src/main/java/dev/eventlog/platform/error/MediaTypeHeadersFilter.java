package dev.eventlog.platform.error;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses an Accept or Content-Type header that does not parse, before the JAX-RS runtime reads
 * it. RESTEasy would otherwise fail while it builds the request, with a 500 ({@code q=x}) or a bare
 * 400, and log a warning with a stack trace for every such request: a servlet filter runs first.
 */
// Async: the stream's long-polls suspend their request (StreamResource), which every filter on the
// path must allow.
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class MediaTypeHeadersFilter extends HttpFilter {

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[^\"\\\\\r\n]|\\\\.)*\"";
    /** RFC 9110's media-type: type/subtype and parameters, each name=value. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("\\s*" + TOKEN + "/" + TOKEN
            + "(\\s*;\\s*" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))*\\s*");
    /** RFC 9110's qvalue: 0 to 1 with at most three decimals. */
    private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");
    private static final Pattern Q_PARAMETER = Pattern.compile(";\\s*[qQ]=([^;\\s]*)");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (accept != null && !isAcceptList(accept)) {
            ContainerErrorPage.writeJson(response, 400, "The Accept header is not a list of media ranges.");
        } else if (contentType != null && !contentType.isBlank() && !isMediaType(contentType)) {
            ContainerErrorPage.writeJson(response, 400, "The Content-Type header is not a media type.");
        } else {
            chain.doFilter(request, response);
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
