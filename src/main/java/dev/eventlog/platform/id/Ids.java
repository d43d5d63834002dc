package dev.eventlog.platform.id;

import dev.eventlog.platform.crypto.Sha256;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Public ids ({@code ev_…}, {@code whsub_…}) and secret tokens.
 *
 * <p>Generated ids are time-ordered so that {@code ORDER BY id} (and the {@code id} tie-breaker of
 * keyset pagination) follows creation time and new rows land at the right edge of the primary-key
 * index. Layout: 128 bits = 48 bits of epoch milliseconds followed by 80 random bits, written as a
 * fixed-width 22-character base62 number over {@code 0-9A-Za-z}. That alphabet is in ASCII order
 * and the width is fixed, so comparing ids byte by byte (Java's {@link String#compareTo}, or
 * PostgreSQL under {@code COLLATE "C"} — not under a linguistic collation) equals comparing the
 * numbers, which equals comparing the times.
 *
 * <p>Ids from the same millisecond are ordered by their random bits, i.e. arbitrarily: nothing may
 * rely on ids made within one millisecond sorting in creation order. Ids supplied by producers
 * (Close's own, for instance) follow none of this; they are only checked with
 * {@link #isWellFormed}.
 */
public final class Ids {

    /** 62^22 > 2^128, so 22 digits hold any 128-bit value; fixed width keeps text order numeric. */
    static final int ENCODED_LENGTH = 22;

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final BigInteger BASE = BigInteger.valueOf(ALPHABET.length);

    private static final int TIMESTAMP_BYTES = 6;
    static final int RANDOM_BYTES = 10;
    private static final long MAX_MILLIS = (1L << 48) - 1;

    /** Producer-supplied ids vary in length; 64 leaves room for any sane scheme and fits the column. */
    private static final int MAX_SUPPLIED_LENGTH = 64;

    /** One instance: seeding is the expensive part, and SecureRandom is thread-safe. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A new time-ordered id for the clock's current instant. */
    public static String newId(String prefix, Clock clock) {
        return newId(prefix, clock.instant());
    }

    /** A new time-ordered id for {@code at}; randomness makes it unique, not the time. */
    public static String newId(String prefix, Instant at) {
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return encode(prefix, epochMillis(at), random);
    }

    /**
     * The smallest id of {@code at}'s millisecond: every id generated before {@code at} sorts
     * below it, so {@code id < firstIdAt(…)} finds old rows through the primary key alone.
     */
    public static String firstIdAt(String prefix, Instant at) {
        return encode(prefix, epochMillis(at), new byte[RANDOM_BYTES]);
    }

    /**
     * Same layout as {@link #newId(String, Instant)}, but the 80 low bits come from SHA-256 of
     * {@code seed}. An event that reached us over JMS without an id gets one derived from the JMS
     * message id and its index in the batch, so a redelivery produces the same id and is
     * recognised as a duplicate instead of being stored twice.
     */
    public static String deterministicId(String prefix, Instant at, String seed) {
        Objects.requireNonNull(seed, "seed");
        byte[] digest = Sha256.of(seed);
        byte[] low = new byte[RANDOM_BYTES];
        System.arraycopy(digest, 0, low, 0, RANDOM_BYTES);
        return encode(prefix, epochMillis(at), low);
    }

    /** Lowercase hex of {@code bytes} random bytes, for API keys and webhook signature keys. */
    public static String randomToken(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be positive: " + bytes);
        }
        byte[] token = new byte[bytes];
        RANDOM.nextBytes(token);
        return HexFormat.of().formatHex(token);
    }

    /**
     * Whether {@code id} is {@code prefix} followed by 1–64 characters of {@code [0-9A-Za-z]}.
     * Deliberately not "exactly 22": producers may bring their own ids, such as Close's
     * {@code ev_2sYKRjcrA79yKxi3S4Crd7}.
     */
    public static boolean isWellFormed(String prefix, String id) {
        Objects.requireNonNull(prefix, "prefix");
        if (id == null || !id.startsWith(prefix)) {
            return false;
        }
        int bodyLength = id.length() - prefix.length();
        if (bodyLength < 1 || bodyLength > MAX_SUPPLIED_LENGTH) {
            return false;
        }
        for (int i = prefix.length(); i < id.length(); i++) {
            if (!isBase62(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The time a generated id was made at (to the millisecond); empty for an id not of this
     * layout (a producer's own, or anything a client typed).
     */
    public static Optional<Instant> timeOf(String prefix, String id) {
        if (id == null || !id.startsWith(prefix) || id.length() != prefix.length() + ENCODED_LENGTH) {
            return Optional.empty();
        }
        BigInteger value = BigInteger.ZERO;
        for (int i = prefix.length(); i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isBase62(c)) {
                return Optional.empty();
            }
            value = value.multiply(BASE).add(BigInteger.valueOf(new String(ALPHABET).indexOf(c)));
        }
        if (value.bitLength() > 8 * (TIMESTAMP_BYTES + RANDOM_BYTES)) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(value.shiftRight(8 * RANDOM_BYTES).longValueExact()));
    }

    /** Package-private so tests can pin the random part and check the ordering edge cases. */
    static String encode(String prefix, long epochMillis, byte[] low80) {
        Objects.requireNonNull(prefix, "prefix");
        if (low80.length != RANDOM_BYTES) {
            throw new IllegalArgumentException("need " + RANDOM_BYTES + " low bytes");
        }
        byte[] raw = new byte[TIMESTAMP_BYTES + RANDOM_BYTES];
        for (int i = 0; i < TIMESTAMP_BYTES; i++) {
            raw[i] = (byte) (epochMillis >>> (8 * (TIMESTAMP_BYTES - 1 - i)));
        }
        System.arraycopy(low80, 0, raw, TIMESTAMP_BYTES, RANDOM_BYTES);

        BigInteger value = new BigInteger(1, raw);
        char[] digits = new char[ENCODED_LENGTH];
        for (int i = ENCODED_LENGTH - 1; i >= 0; i--) {
            BigInteger[] qr = value.divideAndRemainder(BASE);
            digits[i] = ALPHABET[qr[1].intValue()];
            value = qr[0];
        }
        return prefix + new String(digits);
    }

    private static long epochMillis(Instant at) {
        Objects.requireNonNull(at, "at");
        long millis;
        try {
            millis = at.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("instant out of range for an id: " + at, e);
        }
        // 48 bits last until the year 10889; before 1970 would break the unsigned ordering.
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new IllegalArgumentException("instant out of range for an id: " + at);
        }
        return millis;
    }

    private static boolean isBase62(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
