package dev.eventlog.platform.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonException;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void textThatDoesNotParseIsAJsonExceptionWhicheverWayItFails() {
        assertThrows(JsonException.class, () -> JsonText.parse("{\"a\": "));
        // PostgreSQL's jsonb takes this; the parser stops at 1,000 levels with a bare RuntimeException.
        String deep = "[".repeat(1_001) + "]".repeat(1_001);
        JsonException e = assertThrows(JsonException.class, () -> JsonText.parse(deep));
        assertEquals(RuntimeException.class, e.getCause().getClass());
    }

    @Test
    void jsonParses() {
        assertEquals("{\"a\":[1,2]}", JsonText.parse("{\"a\": [1, 2]}").toString());
    }
}
