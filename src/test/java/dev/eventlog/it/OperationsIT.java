package dev.eventlog.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What an operator's probes and an integrator's tooling see. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperationsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.eventlog();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessChecksPostgresqlAndJms() throws Exception {
        HttpResponse<String> ready = get("http://127.0.0.1:" + Integer.getInteger("eventlog.test.management-port") + "/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        JsonObject health = Json.createReader(new StringReader(ready.body())).readObject();
        Map<String, String> checks = health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(c -> c.getString("name"), c -> c.getString("status")));
        assertEquals("UP", checks.get("postgresql"));
        assertEquals("UP", checks.get("jms"));
        // The suite's database is the disposable one (fsync off); the run command's reports true.
        JsonObject postgresql = health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("postgresql")).findFirst().orElseThrow();
        assertFalse(postgresql.getJsonObject("data").getBoolean("durable_commits"), ready.body());
    }

    @Test
    void openApiDocumentDescribesTheEventLog() throws Exception {
        HttpResponse<String> openapi = get("http://127.0.0.1:" + Integer.getInteger("eventlog.test.http-port") + "/openapi");
        assertEquals(200, openapi.statusCode());
        assertTrue(openapi.body().contains("/api/v1/event/{id}"), openapi.body());
        assertTrue(openapi.body().contains("/api/v1/internal/event"));
    }

    @Test
    void unknownPathsAnswerInTheApiErrorFormat() throws Exception {
        HttpResponse<String> missing = get("http://127.0.0.1:" + Integer.getInteger("eventlog.test.http-port") + "/api/v1/nothing/");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("\"error\""), missing.body());
    }
}
