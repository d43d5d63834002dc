package dev.eventlog.platform.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void textThatDoesNotParseIsABadJsonExceptionWhicheverWayItFails() {
        assertThrows(BadJsonException.class, () -> JsonText.parse("{\"a\": "));
        // PostgreSQL's jsonb takes this; the parser stops at 1,000 levels with a bare RuntimeException.
        String deep = "[".repeat(1_001) + "]".repeat(1_001);
        assertThrows(BadJsonException.class, () -> JsonText.parse(deep));
    }

    @Test
    void jsonParses() {
        assertEquals("{\"a\":[1,2]}", JsonText.parse("{\"a\": [1, 2]}").toString());
    }
}
