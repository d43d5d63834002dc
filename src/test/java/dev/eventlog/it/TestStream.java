package dev.eventlog.it;

import static dev.eventlog.it.TestApi.expect;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reads the stream (package stream) over HTTP, as an internal consumer would. */
public final class TestStream {

    private final TestApi api;
    private final String consumerKey;

    public TestStream(TestApi api, String consumerKey) {
        this.api = api;
        this.consumerKey = consumerKey;
    }

    /** One change: its position, the event's id, and the whole entry. */
    public record Entry(String position, String eventId, JsonObject json) {
        public JsonObject event() {
            return json.getJsonObject("event");
        }
    }

    public record Page(List<Entry> entries, String next, boolean hasMore) {
        public List<String> eventIds() {
            return entries.stream().map(Entry::eventId).toList();
        }
    }

    /** {@code params} are name/value pairs of the stream's query string. */
    public Page read(String... params) {
        JsonObject json = expect(api.get(TestApi.query("/api/v1/internal/stream/", params), consumerKey), 200).json();
        List<Entry> entries = new ArrayList<>();
        json.getJsonArray("data").getValuesAs(JsonObject.class).forEach(e ->
                entries.add(new Entry(e.getString("position"), e.getJsonObject("event").getString("id"), e)));
        return new Page(entries, json.getString("next"), json.getBoolean("has_more"));
    }

    /** The stream's head: reading after it returns only what is written from now on. */
    public String head() {
        return expect(api.get("/api/v1/internal/stream/position/", consumerKey), 200).json().getString("position");
    }
}
