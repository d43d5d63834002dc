package dev.eventlog.platform.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void aProducerCannotStartALineOfItsOwn() {
        String forged = "ID:1\n2026-12-01 08:00:00,000 INFO  [security] admin logged in\r\u001b[2J\u2028x";
        String safe = LogText.safe(forged);
        assertFalse(safe.contains("\n") || safe.contains("\r") || safe.contains("\u001b") || safe.contains("\u2028"), safe);
        assertTrue(safe.startsWith("ID:1\\n2026-12-01"), safe);
        assertTrue(safe.contains("\\u001b"), safe);
    }

    @Test
    void longTextIsCutAndSaysHowLongItWas() {
        String safe = LogText.safe("x".repeat(10_000));
        assertTrue(safe.length() < LogText.MAX_LENGTH + 40, safe);
        assertTrue(safe.endsWith("(10000 characters)"), safe);
        assertEquals("plain text, ünïcödé", LogText.safe("plain text, ünïcödé"));
        assertEquals("null", LogText.safe(null));
    }
}
