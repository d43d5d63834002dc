package dev.eventlog.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.auth.CredentialsProviderBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * WildFly's HTTP management endpoint as the admin console (HAL) talks to it: DMR operations as
 * JSON, posted to {@code /management} on the management port, with HTTP Digest against the
 * ManagementRealm. Unlike {@link ServerManagement} (Arquillian's native client, which logs in
 * locally without a password), this is the operator's way in, so it proves the login too.
 */
final class ManagementHttp implements AutoCloseable {

    /** An answer as it came: the HTTP status and the body (JSON DMR, or an HTML 401 page). */
    record Answer(int status, String text) {
        JsonObject json() {
            return Json.createReader(new StringReader(text)).readObject();
        }
    }

    private static final String HOST = "127.0.0.1";

    private final CloseableHttpClient http;
    private final String endpoint;

    private ManagementHttp(String user, String password) {
        int port = Integer.getInteger("eventlog.test.management-port");
        endpoint = "http://" + HOST + ":" + port + "/management";
        http = HttpClients.custom()
                .setDefaultCredentialsProvider(CredentialsProviderBuilder.create()
                        .add(new HttpHost(HOST, port), user, password.toCharArray()).build())
                .build();
    }

    /** As the management user the test build adds (pom: test.console.user). */
    static ManagementHttp asOperator() {
        return as(System.getProperty("eventlog.test.console-user"), System.getProperty("eventlog.test.console-password"));
    }

    static ManagementHttp as(String user, String password) {
        return new ManagementHttp(user, password);
    }

    /** {@code [{"deployment": "eventlog.war"}, {"subsystem": "ejb3"}, …]} from name, value pairs. */
    static JsonArray address(String... pairs) {
        JsonArrayBuilder address = Json.createArrayBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            address.add(Json.createObjectBuilder().add(pairs[i], pairs[i + 1]));
        }
        return address.build();
    }

    static JsonObjectBuilder operation(String name, JsonArray address) {
        return Json.createObjectBuilder().add("operation", name).add("address", address);
    }

    Answer post(JsonObjectBuilder operation) {
        HttpPost post = new HttpPost(endpoint);
        // application/json, as HAL sends it: the endpoint refuses form posts (a CSRF guard).
        post.setEntity(new StringEntity(operation.build().toString(), ContentType.APPLICATION_JSON));
        try {
            return http.execute(post, response -> new Answer(response.getCode(), EntityUtils.toString(response.getEntity())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operation's {@code result}; anything but a 200 with outcome success fails the test. */
    JsonValue result(JsonObjectBuilder operation) {
        Answer answer = post(operation);
        if (answer.status() != 200 || !"success".equals(answer.json().getString("outcome"))) {
            throw new AssertionError(answer.status() + ": " + answer.text());
        }
        return answer.json().get("result");
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
