package dev.eventlog.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Eventlog's REST API as a producer, an admin and an operator call it: HTTP Basic, JSON. */
final class Api {

    record Reply(int status, String text) {
        JsonObject json() {
            return Json.createReader(new StringReader(text)).readObject();
        }

        Reply expect(int wanted) {
            if (status != wanted) {
                throw new IllegalStateException("expected HTTP " + wanted + ", got " + status + ": " + text);
            }
            return this;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String systemToken;

    Api(String base, String systemToken) {
        this.base = base;
        this.systemToken = systemToken;
    }

    String base() {
        return base;
    }

    String systemToken() {
        return systemToken;
    }

    /**
     * Retried on a broken connection (the JDK client now and then reuses one the server has just
     * closed): every call the harness makes is idempotent, ingest included (producer-chosen ids).
     */
    Reply send(String method, String path, String key, String body) {
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(method, path, key, body);
            } catch (IllegalStateException e) {
                if (attempt == 3 || !(e.getCause() instanceof IOException)) {
                    throw e;
                }
            }
        }
    }

    private Reply sendOnce(String method, String path, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((key + ":").getBytes(StandardCharsets.UTF_8)));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An organization with its admin; returns (organization id, admin key). */
    String[] newTenant(String name) {
        JsonObject answer = send("POST", "/api/v1/system/organization/", systemToken, Json.createObjectBuilder()
                .add("name", name).add("admin", Json.createObjectBuilder().add("email", "bench@example.test"))
                .build().toString()).expect(201).json();
        return new String[] {answer.getJsonObject("organization").getString("id"), answer.getJsonObject("api_key").getString("key")};
    }

    String newIngestKey() {
        return send("POST", "/api/v1/system/ingest_key/", systemToken, "{\"description\": \"bench\"}")
                .expect(201).json().getString("key");
    }

    String subscribe(String adminKey, String url, String objectType, String... actions) {
        var events = Json.createArrayBuilder();
        for (String action : actions) {
            events.add(Json.createObjectBuilder().add("object_type", objectType).add("action", action));
        }
        return send("POST", "/api/v1/webhook/", adminKey, Json.createObjectBuilder().add("url", url)
                .add("events", events).build().toString()).expect(201).json().getString("id");
    }

    void unsubscribe(String adminKey, String subscriptionId) {
        send("DELETE", "/api/v1/webhook/" + subscriptionId + "/", adminKey, null);
    }

    void ingest(String ingestKey, String batchJson) {
        send("POST", "/api/v1/internal/event/", ingestKey, batchJson).expect(202);
    }

    /** The node's counters from /api/v1/system/metrics/. */
    Map<String, Double> metrics() {
        Map<String, Double> values = new HashMap<>();
        for (String line : send("GET", "/api/v1/system/metrics/", systemToken, null).expect(200).text().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] parts = line.split(" ");
                values.put(parts[0], Double.parseDouble(parts[1]));
            }
        }
        return values;
    }

    long stored() {
        return metrics().get("eventlog_ingest_events_stored_total").longValue();
    }

    long received() {
        return metrics().get("eventlog_ingest_events_received_total").longValue();
    }
}
