package dev.eventlog.samples;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Payloads from Close's published webhook documentation, kept under src/test/resources/samples so
 * that a clone of this repository alone can run its tests.
 */
public final class Samples {

    private Samples() {
    }

    /** The body Close POSTs for an opportunity update: {@code {"event": {...}, "subscription_id": ...}}. */
    public static JsonObject opportunityUpdatedWebhook() {
        try (InputStream in = Samples.class.getResourceAsStream("/samples/webhook-opportunity-updated.json");
             JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
