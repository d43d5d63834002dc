package dev.eventlog.consolidation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventlog.event.Event;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DispatchDelayTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final LocalDateTime NOW_UTC = LocalDateTime.ofInstant(NOW, ZoneOffset.UTC);

    private static DispatchDelay delay(String window) {
        return delay(window, "0");
    }

    private static DispatchDelay delay(String window, String grace) {
        DispatchDelay delay = new DispatchDelay();
        delay.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        delay.settings = new ConsolidationSettings();
        delay.settings.window = window;
        delay.settings.grace = grace;
        delay.settings.init();
        return delay;
    }

    private static Event event(String action, LocalDateTime created) {
        Event e = new Event();
        e.setAction(action);
        e.setDateCreated(created);
        return e;
    }

    @Test
    void updatesAndDeletesWaitOneWindowOthersGoAtOnce() {
        DispatchDelay delay = delay("5");
        assertEquals(Duration.ofSeconds(5), delay.of(event("updated", NOW_UTC)));
        assertEquals(Duration.ofSeconds(5), delay.of(event("deleted", NOW_UTC)));
        assertEquals(Duration.ZERO, delay.of(event("created", NOW_UTC)));
        assertEquals(Duration.ZERO, delay.of(event("merged", NOW_UTC)));
    }

    @Test
    void aLateEventStillWaitsAWholeWindowFromStorage() {
        // Ingest lagging by a minute must not close bursts at once.
        assertEquals(Duration.ofSeconds(5), delay("5").of(event("updated", NOW_UTC.minusMinutes(1))));
    }

    @Test
    void anEventDatedAheadWaitsForItsDateByAtMostOneMoreWindow() {
        DispatchDelay delay = delay("5");
        assertEquals(Duration.ofSeconds(7), delay.of(event("deleted", NOW_UTC.plusSeconds(2))));
        assertEquals(Duration.ofSeconds(10), delay.of(event("updated", NOW_UTC.plusHours(3))));
    }

    @Test
    void theGraceIsAddedToEveryWait() {
        DispatchDelay delay = delay("5", "1.5");
        assertEquals(Duration.ofMillis(6500), delay.of(event("updated", NOW_UTC.minusMinutes(1))));
        assertEquals(Duration.ofMillis(8500), delay.of(event("deleted", NOW_UTC.plusSeconds(2))));
        assertEquals(Duration.ZERO, delay.of(event("created", NOW_UTC)));
    }

    @Test
    void timesAreSecondsOrAnIsoDuration() {
        assertEquals(Duration.ofSeconds(5), ConsolidationSettings.parse("k", "5"));
        assertEquals(Duration.ofMillis(2500), ConsolidationSettings.parse("k", " 2.5 "));
        assertEquals(Duration.ofSeconds(3), ConsolidationSettings.parse("k", "PT3S"));
        assertEquals(Duration.ZERO, ConsolidationSettings.parse("k", "0"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ConsolidationSettings.parse("eventlog.consolidation.window", "five"));
        assertTrue(bad.getMessage().startsWith("eventlog.consolidation.window must be"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConsolidationSettings.parse("k", "PT-1S"));
    }
}
