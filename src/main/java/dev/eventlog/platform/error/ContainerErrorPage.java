package dev.eventlog.platform.error;

import dev.eventlog.platform.json.Jsonp;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The error page of the whole WAR (WEB-INF/web.xml), for the errors the servlet container answers
 * itself before JAX-RS runs: a path whose escapes do not decode, a Content-Type header it cannot
 * parse, an exception outside any resource. Under /api/ they answer in the API's error format, like
 * every other error; elsewhere in plain text. Neither says more than the status.
 */
@WebServlet(ContainerErrorPage.PATH)
public class ContainerErrorPage extends HttpServlet {

    static final String PATH = "/error";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // Asked for directly rather than dispatched to by an error: there is nothing here.
        int status = code instanceof Integer c ? c : HttpServletResponse.SC_NOT_FOUND;
        String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String message = status >= 500 ? "Internal server error." : reason(status) + ".";
        if (uri == null || uri.startsWith("/api/") || uri.equals("/api")) {
            writeJson(response, status, message);
        } else {
            response.setStatus(status);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setContentType("text/plain");
            response.getWriter().write(message + "\n");
        }
    }

    /** {@code {"error": message}}, as every error of the API, for servlet code outside JAX-RS. */
    static void writeJson(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentType("application/json");
        response.getWriter().write(Jsonp.createObjectBuilder().add("error", message).build().toString());
    }

    private static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "Request refused" : known.getReasonPhrase();
    }
}
