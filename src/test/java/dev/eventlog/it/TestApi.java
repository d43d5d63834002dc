package dev.eventlog.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/** Calls the deployed API over real HTTP, the way a user's curl would. */
public final class TestApi {

    public static final String SYSTEM_TOKEN = "test-system-token";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String systemToken;

    private TestApi(int port) {
        this("http://127.0.0.1:" + port, SYSTEM_TOKEN);
    }

    private TestApi(String base, String systemToken) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.systemToken = systemToken;
    }

    /** Any deployment, from outside (the acceptance suite): its base URL and its system token. */
    public static TestApi at(String baseUrl, String systemToken) {
        return new TestApi(baseUrl, systemToken);
    }

    public String systemToken() {
        return systemToken;
    }

    /** Inside the server: the HTTP port is 8080 moved by the tests' port offset. */
    public static TestApi inServer() {
        return new TestApi(8080 + Integer.getInteger("jboss.socket.binding.port-offset", 0));
    }

    /** From the test JVM (@RunAsClient): the port failsafe passes in. */
    public static TestApi fromClient() {
        return new TestApi(Integer.getInteger("eventlog.test.http-port", 8180));
    }

    public record Reply(int status, String text, java.net.http.HttpHeaders headers) {
        public JsonObject json() {
            return Json.createReader(new StringReader(text)).readObject();
        }

        public JsonArray data() {
            return json().getJsonArray("data");
        }
    }

    public Reply get(String path, String key) {
        return send("GET", path, key, null);
    }

    public Reply post(String path, String key, String body) {
        return send("POST", path, key, body);
    }

    public Reply put(String path, String key, String body) {
        return send("PUT", path, key, body);
    }

    public Reply send(String method, String path, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An organization with an admin; ids are random so test classes never see each other's data. */
    public record Tenant(String organizationId, String adminUserId, String adminKey) {
        public String adminEmail() {
            return "admin." + organizationId + "@example.test";
        }
    }

    public Tenant newTenant() {
        String org = "orga_test" + UUID.randomUUID().toString().replace("-", "");
        Reply reply = post("/api/v1/system/organization/", systemToken, Json.createObjectBuilder()
                .add("id", org).add("name", "Test " + org)
                .add("admin", Json.createObjectBuilder().add("email", "admin." + org + "@example.test").add("name", "Admin"))
                .build().toString());
        expect(reply, 201);
        JsonObject json = reply.json();
        return new Tenant(org, json.getJsonObject("admin").getString("id"), json.getJsonObject("api_key").getString("key"));
    }

    /** A user of role "user" in the tenant's organization; returns their API key. */
    public String newUserKey(Tenant tenant) {
        Reply reply = post("/api/v1/user/", tenant.adminKey(), Json.createObjectBuilder()
                .add("email", UUID.randomUUID() + "@example.test").add("role", "user").build().toString());
        expect(reply, 201);
        return reply.json().getJsonObject("api_key").getString("key");
    }

    public String newIngestKey() {
        Reply reply = post("/api/v1/system/ingest_key/", systemToken, "{\"description\": \"tests\"}");
        expect(reply, 201);
        return reply.json().getString("key");
    }

    /** A key for the stream (package stream): of one organization, or of all when {@code organizationId} is null. */
    public String newConsumerKey(String organizationId) {
        var body = Json.createObjectBuilder().add("description", "tests");
        if (organizationId != null) {
            body.add("organization_id", organizationId);
        }
        return expect(post("/api/v1/system/consumer_key/", systemToken, body.build().toString()), 201).json().getString("key");
    }

    /** A subscription to created notes signed by {@code scheme}; the answer, with its keys. */
    public JsonObject subscribeNotes(Tenant tenant, String url, String scheme) {
        return expect(post("/api/v1/webhook/", tenant.adminKey(), Json.createObjectBuilder()
                .add("url", url).add("signature_scheme", scheme)
                .add("events", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("object_type", "activity.note").add("action", "created")))
                .build().toString()), 201).json();
    }

    /** A webhook subscription of the tenant's admin to one object type and action; returns its id. */
    public String subscribe(Tenant tenant, String url, String objectType, String action) {
        return expect(post("/api/v1/webhook/", tenant.adminKey(), Json.createObjectBuilder().add("url", url)
                .add("events", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("object_type", objectType).add("action", action)))
                .build().toString()), 201).json().getString("id");
    }

    public static String query(String path, String... pairs) {
        StringBuilder uri = new StringBuilder(path);
        for (int i = 0; i < pairs.length; i += 2) {
            uri.append(i == 0 ? '?' : '&').append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return uri.toString();
    }

    public static Reply expect(Reply reply, int status) {
        if (reply.status() != status) {
            throw new AssertionError("expected HTTP " + status + " but got " + reply.status() + ": " + reply.text());
        }
        return reply;
    }

    public static boolean isNull(JsonObject object, String key) {
        return object.get(key) == null || object.get(key).getValueType() == JsonValue.ValueType.NULL;
    }
}
