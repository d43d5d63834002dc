package dev.eventlog.platform.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Objects;

/**
 * The API's time format, as Close writes it: naive UTC with exactly six fractional digits
 * ({@code 2019-01-15T12:48:23.395000}). Everything that reads or writes a time in the API goes
 * through here, so responses match Close byte for byte and inputs are accepted the same way in
 * query filters and in incoming events.
 *
 * <p>Values are held as {@link LocalDateTime} in UTC because that is what the {@code timestamp}
 * (without time zone) columns store; PostgreSQL keeps microseconds, so anything finer is truncated
 * here rather than rounded somewhere less visible.
 */
public final class Timestamps {

    /** Named in every parse error, so a client sees what to send instead. */
    public static final String ACCEPTED_FORMAT =
            "expected an ISO-8601 date-time such as 2019-01-15T12:48:23.395000 (UTC),"
                    + " optionally with an offset (Z, +02:00), or a date such as 2019-01-15";

    private static final DateTimeFormatter OUTPUT = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4)
            .appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 2)
            .appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .appendLiteral('.')
            .appendValue(ChronoField.MICRO_OF_SECOND, 6)
            .toFormatter()
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);

    /**
     * Date, then optionally {@code THH:mm[:ss[.f{1,9}]][offset]}. The offset lives inside the time
     * part because a zone on a bare date has no clear meaning. Four-digit years only, so a typo
     * cannot produce a year PostgreSQL or {@link #format} would render oddly.
     */
    private static final DateTimeFormatter INPUT = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4)
            .appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 2)
            .appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2)
            .optionalStart()
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .optionalEnd()
            .optionalStart()
            .appendOffsetId()
            .optionalEnd()
            .optionalEnd()
            .toFormatter()
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);

    private Timestamps() {
    }

    /** Always six fractional digits and no zone, e.g. {@code 2019-01-15T12:48:23.395000}. */
    public static String format(LocalDateTime utc) {
        Objects.requireNonNull(utc, "utc");
        return OUTPUT.format(utc);
    }

    public static LocalDateTime toUtc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant toInstant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }

    /** To the microsecond, the precision of PostgreSQL's {@code timestamp}. */
    public static LocalDateTime truncate(LocalDateTime value) {
        return value.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * A time from an API query filter ({@code date_updated__gt=…}). Accepts a date, or a date-time
     * to the minute, second or 1–9 fractional digits, with an optional offset ({@code Z},
     * {@code +02:00}) that is converted to UTC; without one the value is taken as UTC. Digits past
     * the microsecond are truncated.
     *
     * <p>Note for callers: an unencoded {@code +} in a query string decodes to a space, so
     * {@code …T10:00:00+02:00} sent raw arrives as {@code …T10:00:00 02:00} and is rejected.
     *
     * @throws IllegalArgumentException naming the accepted format
     */
    public static LocalDateTime parseFilter(String value) {
        return parse(value);
    }

    /**
     * A {@code date_created} / {@code date_updated} supplied by a producer. Same rules as
     * {@link #parseFilter}, kept as its own entry point so the two may diverge without callers
     * changing.
     *
     * @throws IllegalArgumentException naming the accepted format
     */
    public static LocalDateTime parseEventTime(String value) {
        return parse(value);
    }

    private static LocalDateTime parse(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(ACCEPTED_FORMAT);
        }
        LocalDateTime utc;
        try {
            TemporalAccessor parsed = INPUT.parse(value);
            LocalDate date = LocalDate.from(parsed);
            LocalTime time = parsed.isSupported(ChronoField.HOUR_OF_DAY)
                    ? LocalTime.from(parsed)
                    : LocalTime.MIDNIGHT;
            LocalDateTime local = LocalDateTime.of(date, time);
            utc = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? local.atOffset(ZoneOffset.from(parsed))
                            .withOffsetSameInstant(ZoneOffset.UTC)
                            .toLocalDateTime()
                    : local;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(ACCEPTED_FORMAT, e);
        }
        // An offset can push 0001-01-01 or 9999-12-31 out of the four-digit range we print.
        if (utc.getYear() < 1 || utc.getYear() > 9999) {
            throw new IllegalArgumentException(ACCEPTED_FORMAT);
        }
        return truncate(utc);
    }
}
