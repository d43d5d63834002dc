package dev.eventlog.parked;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParkedMessageIdTest {

    @Test
    void acceptsArtemisAndOpenMqIds() {
        assertTrue(ParkedMessageId.isWellFormed("ID:3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        assertTrue(ParkedMessageId.isWellFormed("ID:7-10.0.0.1(da:3a:42:11:8f:0b)-52398-1464707003012"));
        assertTrue(ParkedMessageId.isWellFormed("ID:a"));
        assertTrue(ParkedMessageId.isWellFormed("ID:" + "a".repeat(100)));
    }

    @Test
    void refusesAnythingThatCouldLeaveASelectorsStringLiteral() {
        for (String id : new String[] {
                null, "", "ID:", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "id:abc", " ID:abc", "ID:abc ",
                "ID:abc' OR '1'='1", "ID:abc''", "ID:a\"b", "ID:a\u0000b", "ID:a\nb", "ID:a\\b", "ID:a b",
                "ID:a%27", "ID:a;b", "ID:a/b", "ID:\u00e9", "ID:\uff10", "ID:" + "a".repeat(101)}) {
            assertFalse(ParkedMessageId.isWellFormed(id), String.valueOf(id));
            assertThrows(IllegalArgumentException.class, () -> ParkedMessageId.selector(id), String.valueOf(id));
        }
    }

    @Test
    void selectorNamesExactlyThatMessage() {
        assertEquals("JMSMessageID = 'ID:3f2504e0-4f89-11d3-9a0c-0305e82c3301'",
                ParkedMessageId.selector("ID:3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
    }
}
