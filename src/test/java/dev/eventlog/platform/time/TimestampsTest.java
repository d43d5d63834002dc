package dev.eventlog.platform.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    private static final List<Function<String, LocalDateTime>> PARSERS =
            List.of(Timestamps::parseFilter, Timestamps::parseEventTime);

    private static LocalDateTime at(int y, int mo, int d, int h, int mi, int s, int nanos) {
        return LocalDateTime.of(y, mo, d, h, mi, s, nanos);
    }

    private static void assertParses(LocalDateTime expected, String text) {
        for (Function<String, LocalDateTime> parser : PARSERS) {
            assertEquals(expected, parser.apply(text), text);
        }
    }

    private static void assertRejected(String text) {
        for (Function<String, LocalDateTime> parser : PARSERS) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> parser.apply(text), String.valueOf(text));
            assertTrue(e.getMessage().contains("2019-01-15T12:48:23.395000"), e.getMessage());
        }
    }

    // format

    @Test
    void formatWritesExactlySixFractionalDigits() {
        assertEquals("2019-01-15T12:48:23.395000", Timestamps.format(at(2019, 1, 15, 12, 48, 23, 395_000_000)));
        assertEquals("2019-01-15T12:48:23.000000", Timestamps.format(at(2019, 1, 15, 12, 48, 23, 0)));
        assertEquals("2019-01-15T00:00:00.000000", Timestamps.format(at(2019, 1, 15, 0, 0, 0, 0)));
        assertEquals("2019-01-15T12:48:23.000001", Timestamps.format(at(2019, 1, 15, 12, 48, 23, 1_000)));
        assertEquals("0001-01-01T00:00:00.000000", Timestamps.format(at(1, 1, 1, 0, 0, 0, 0)));
        assertEquals("9999-12-31T23:59:59.999999", Timestamps.format(at(9999, 12, 31, 23, 59, 59, 999_999_000)));
    }

    @Test
    void formatDropsDigitsBeyondTheMicrosecond() {
        assertEquals("2019-01-15T12:48:23.395123", Timestamps.format(at(2019, 1, 15, 12, 48, 23, 395_123_999)));
        assertEquals("2019-01-15T12:48:23.000000", Timestamps.format(at(2019, 1, 15, 12, 48, 23, 999)));
    }

    @Test
    void formatRejectsNull() {
        assertThrows(NullPointerException.class, () -> Timestamps.format(null));
    }

    // conversions

    @Test
    void toUtcAndToInstantAreInverse() {
        Instant instant = Instant.parse("2019-01-15T12:48:23.395123456Z");
        LocalDateTime utc = Timestamps.toUtc(instant);
        assertEquals(at(2019, 1, 15, 12, 48, 23, 395_123_456), utc);
        assertEquals(instant, Timestamps.toInstant(utc));
        assertEquals(LocalDateTime.of(1970, 1, 1, 0, 0), Timestamps.toUtc(Instant.EPOCH));
        assertEquals(Instant.EPOCH, Timestamps.toInstant(LocalDateTime.of(1970, 1, 1, 0, 0)));
    }

    @Test
    void toUtcIgnoresTheDefaultZone() {
        // LocalDateTime.ofInstant with the system zone would shift this on a non-UTC machine.
        assertEquals(at(2019, 6, 30, 23, 30, 0, 0), Timestamps.toUtc(Instant.parse("2019-06-30T23:30:00Z")));
    }

    @Test
    void truncateKeepsMicroseconds() {
        assertEquals(at(2019, 1, 15, 12, 48, 23, 395_123_000),
                Timestamps.truncate(at(2019, 1, 15, 12, 48, 23, 395_123_999)));
        LocalDateTime exact = at(2019, 1, 15, 12, 48, 23, 395_123_000);
        assertEquals(exact, Timestamps.truncate(exact));
    }

    // parsing: accepted forms

    @Test
    void parsesTheApiFormat() {
        assertParses(at(2019, 1, 15, 12, 48, 23, 395_000_000), "2019-01-15T12:48:23.395000");
    }

    @Test
    void parsesSecondsMinutesAndBareDates() {
        assertParses(at(2019, 1, 15, 12, 48, 23, 0), "2019-01-15T12:48:23");
        assertParses(at(2019, 1, 15, 12, 48, 0, 0), "2019-01-15T12:48");
        assertParses(at(2019, 1, 15, 0, 0, 0, 0), "2019-01-15");
    }

    @Test
    void parsesOneToNineFractionalDigits() {
        assertParses(at(2019, 1, 15, 12, 48, 23, 300_000_000), "2019-01-15T12:48:23.3");
        assertParses(at(2019, 1, 15, 12, 48, 23, 395_000_000), "2019-01-15T12:48:23.395");
        assertParses(at(2019, 1, 15, 12, 48, 23, 395_123_000), "2019-01-15T12:48:23.395123");
        assertParses(at(2019, 1, 15, 12, 48, 23, 395_123_000), "2019-01-15T12:48:23.3951234");
        assertParses(at(2019, 1, 15, 12, 48, 23, 395_123_000), "2019-01-15T12:48:23.395123999");
        assertParses(at(2019, 1, 15, 12, 48, 23, 0), "2019-01-15T12:48:23.000000");
    }

    @Test
    void digitsPastTheMicrosecondAreTruncatedNotRounded() {
        assertParses(at(2019, 1, 15, 12, 48, 23, 999_999_000), "2019-01-15T12:48:23.999999999");
        assertParses(at(2019, 1, 15, 12, 48, 23, 0), "2019-01-15T12:48:23.0000009");
    }

    @Test
    void parsedValuesFormatBackToTheApiForm() {
        assertEquals("2019-01-15T12:48:23.395000", Timestamps.format(Timestamps.parseFilter("2019-01-15T12:48:23.395")));
        assertEquals("2019-01-15T00:00:00.000000", Timestamps.format(Timestamps.parseFilter("2019-01-15")));
        String api = "2019-01-15T12:48:23.395123";
        assertEquals(api, Timestamps.format(Timestamps.parseEventTime(api)));
    }

    @Test
    void utcDesignatorsLeaveTheTimeAlone() {
        LocalDateTime expected = at(2019, 1, 15, 12, 48, 23, 395_000_000);
        assertParses(expected, "2019-01-15T12:48:23.395000Z");
        assertParses(expected, "2019-01-15T12:48:23.395000+00:00");
        assertParses(expected, "2019-01-15T12:48:23.395000-00:00");
        assertParses(at(2019, 1, 15, 12, 48, 0, 0), "2019-01-15T12:48Z");
        assertParses(at(2019, 1, 15, 12, 48, 23, 0), "2019-01-15T12:48:23+00:00");
    }

    @Test
    void offsetsAreConvertedToUtc() {
        assertParses(at(2019, 1, 15, 10, 48, 23, 395_000_000), "2019-01-15T12:48:23.395000+02:00");
        assertParses(at(2019, 1, 15, 17, 48, 23, 0), "2019-01-15T12:48:23-05:00");
        assertParses(at(2019, 1, 15, 7, 18, 0, 0), "2019-01-15T12:48+05:30");
    }

    @Test
    void offsetConversionCrossesDayMonthAndYearBoundaries() {
        assertParses(at(2018, 12, 31, 22, 30, 0, 0), "2019-01-01T00:30:00+02:00");
        assertParses(at(2020, 1, 1, 3, 0, 0, 0), "2019-12-31T22:00:00-05:00");
        assertParses(at(2020, 2, 29, 23, 0, 0, 0), "2020-03-01T01:00:00+02:00");
    }

    // parsing: rejected forms

    @Test
    void rejectsNullAndEmpty() {
        assertRejected(null);
        assertRejected("");
        assertRejected(" ");
    }

    @Test
    void rejectsGarbage() {
        assertRejected("yesterday");
        assertRejected("now");
        assertRejected("1547556503");
        assertRejected("15/01/2019");
        assertRejected("2019/01/15");
        assertRejected("Tue, 15 Jan 2019 12:48:23 GMT");
    }

    @Test
    void rejectsImpossibleDatesAndTimes() {
        assertRejected("2019-13-01");
        assertRejected("2019-00-10");
        assertRejected("2019-02-29");
        assertRejected("2019-04-31");
        assertRejected("2019-01-32");
        assertRejected("2019-01-15T24:00:00");
        assertRejected("2019-01-15T12:60:00");
        assertRejected("2019-01-15T12:48:60");
        assertRejected("2019-01-15T23:59:60Z");
    }

    @Test
    void rejectsMalformedShapes() {
        assertRejected("2019-1-15");
        assertRejected("19-01-15");
        assertRejected("2019-01");
        assertRejected("2019");
        assertRejected("2019-01-15T");
        assertRejected("2019-01-15T12");
        assertRejected("2019-01-15T1:48");
        assertRejected("2019-01-15T12:48:2");
        assertRejected("2019-01-15T12:48:23.");
        assertRejected("2019-01-15T12:48:23.1234567890");
        assertRejected("2019-01-15T12:48:23,395");
        assertRejected("2019-01-15 12:48:23");
        assertRejected("2019-01-15t12:48:23");
        assertRejected(" 2019-01-15");
        assertRejected("2019-01-15 ");
        assertRejected("2019-01-15T12:48:23.395000Zjunk");
        assertRejected("+2019-01-15");
        assertRejected("20190115T124823");
    }

    @Test
    void rejectsBadOffsets() {
        assertRejected("2019-01-15Z");
        assertRejected("2019-01-15+02:00");
        assertRejected("2019-01-15T12:48:23+2");
        assertRejected("2019-01-15T12:48:23+25:00");
        assertRejected("2019-01-15T12:48:23 02:00");
        assertRejected("2019-01-15T12:48:23z");
        assertRejected("2019-01-15T12:48:23[Europe/Paris]");
        assertRejected("2019-01-15T12:48:23+02:00[Europe/Paris]");
        assertRejected("2019-01-15T12:48:23UTC");
    }

    @Test
    void rejectsYearsOutsideFourDigitsEvenAfterConversion() {
        assertRejected("10000-01-01");
        assertRejected("0000-01-01");
        assertRejected("9999-12-31T23:00:00-02:00");
        assertRejected("0001-01-01T01:00:00+02:00");
        assertParses(at(9999, 12, 31, 23, 0, 0, 0), "9999-12-31T23:00:00");
        assertParses(at(1, 1, 1, 0, 0, 0, 0), "0001-01-01");
    }
}
