package dev.eventlog.parked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class ParkedMessageTest {

    private static ParkedMessage withBody(String text) {
        return new ParkedMessage("ID:abc", ParkedQueue.REJECTED, "invalid input", "ID:orig",
                1764028093213L, 4, "text", text == null ? 0L : (long) text.length(), text);
    }

    @Test
    void previewIsTheFirstTwoKilocharacters() {
        String body = "x".repeat(5000);
        JsonObject preview = withBody(body).json(false);
        assertEquals(2048, preview.getString("body_preview").length());
        assertTrue(preview.getBoolean("body_truncated"));
        assertFalse(preview.containsKey("body"));
        JsonObject full = withBody(body).json(true);
        assertEquals(body, full.getString("body"));
        assertFalse(full.containsKey("body_preview"));
    }

    @Test
    void aShortBodyIsItsOwnPreview() {
        JsonObject json = withBody("{\"a\": 1}").json(false);
        assertEquals("{\"a\": 1}", json.getString("body_preview"));
        assertFalse(json.getBoolean("body_truncated"));
    }

    @Test
    void previewNeverEndsInHalfASurrogatePair() {
        String body = "x".repeat(2047) + "\uD83D\uDE00" + "tail";
        assertEquals("x".repeat(2047), ParkedMessage.preview(body));
        assertNull(ParkedMessage.preview(null));
    }

    @Test
    void showsTheParkingTimeInTheApisFormat() {
        JsonObject json = withBody("").json(false);
        assertEquals("2025-11-24T23:48:13.213000", json.getString("date_parked"));
        assertEquals("rejected", json.getString("queue"));
        assertEquals("ID:orig", json.getString("original_message_id"));
        assertEquals(4, json.getInt("priority"));
    }

    @Test
    void aProducersBodyLeavesAsAJsonString() {
        String hostile = "\"}, \"reason\": \"forged\u0000";
        JsonObject json = withBody(hostile).json(true);
        assertEquals(hostile, json.getString("body"));
        assertEquals("invalid input", json.getString("reason"));
    }
}
