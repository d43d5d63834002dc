package dev.eventlog.platform.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {

    private static final String ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Instant T = Instant.parse("2019-01-15T12:48:23.395Z");

    private static Clock fixed(Instant at) {
        return Clock.fixed(at, ZoneOffset.UTC);
    }

    /** The inverse of the encoding, written independently so the test checks the layout. */
    private static BigInteger decode(String body) {
        BigInteger value = BigInteger.ZERO;
        for (char c : body.toCharArray()) {
            int digit = ALPHABET.indexOf(c);
            assertTrue(digit >= 0, "not base62: " + c);
            value = value.multiply(BigInteger.valueOf(62)).add(BigInteger.valueOf(digit));
        }
        return value;
    }

    private static void assertGeneratedShape(String prefix, String id) {
        assertTrue(id.startsWith(prefix), id);
        String body = id.substring(prefix.length());
        assertEquals(22, body.length(), id);
        assertTrue(body.matches("[0-9A-Za-z]{22}"), id);
    }

    @Test
    void newIdHasPrefixAnd22Base62Characters() {
        for (int i = 0; i < 1000; i++) {
            assertGeneratedShape("ev_", Ids.newId("ev_", fixed(T)));
        }
        assertGeneratedShape("whsub_", Ids.newId("whsub_", T));
        assertGeneratedShape("", Ids.newId("", T));
    }

    @Test
    void newIdIsWellFormed() {
        String id = Ids.newId("ev_", T);
        assertTrue(Ids.isWellFormed("ev_", id));
    }

    @Test
    void newIdsAreUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(Ids.newId("ev_", fixed(T))));
        }
    }

    @Test
    void newIdWithClockUsesTheClocksInstant() {
        String id = Ids.newId("ev_", fixed(T));
        BigInteger value = decode(id.substring(3));
        assertEquals(T.toEpochMilli(), value.shiftRight(80).longValueExact());
    }

    @Test
    void highBitsAreTheMillisecondTimestamp() {
        for (Instant at : List.of(Instant.EPOCH, T, Instant.parse("2999-12-31T23:59:59.999Z"))) {
            BigInteger value = decode(Ids.newId("x", at).substring(1));
            assertEquals(at.toEpochMilli(), value.shiftRight(80).longValueExact());
            assertTrue(value.bitLength() <= 128);
        }
    }

    @Test
    void firstIdAtSortsAboveEveryEarlierIdAndAtOrBelowEveryLaterOne() {
        String boundary = Ids.firstIdAt("whatt_", T);
        for (int i = 0; i < 1000; i++) {
            assertTrue(Ids.newId("whatt_", T.minusMillis(1)).compareTo(boundary) < 0);
            assertTrue(Ids.newId("whatt_", T).compareTo(boundary) >= 0);
        }
        assertGeneratedShape("whatt_", boundary);
    }

    @Test
    void subMillisecondPartOfTheInstantIsIgnored() {
        String a = Ids.deterministicId("ev_", Instant.parse("2019-01-15T12:48:23.395000Z"), "s");
        String b = Ids.deterministicId("ev_", Instant.parse("2019-01-15T12:48:23.395999999Z"), "s");
        assertEquals(a, b);
    }

    @Test
    void idsFromALaterMillisecondSortAfterEarlierOnes() {
        Clock earlier = fixed(T);
        Clock later = fixed(T.plusMillis(1));
        List<String> early = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            early.add(Ids.newId("ev_", earlier));
            late.add(Ids.newId("ev_", later));
        }
        String maxEarly = early.stream().max(String::compareTo).orElseThrow();
        String minLate = late.stream().min(String::compareTo).orElseThrow();
        assertTrue(maxEarly.compareTo(minLate) < 0, maxEarly + " !< " + minLate);
    }

    @Test
    void orderingHoldsAtTheExtremesOfTheRandomPart() {
        byte[] allOnes = new byte[Ids.RANDOM_BYTES];
        Arrays.fill(allOnes, (byte) 0xFF);
        byte[] allZeros = new byte[Ids.RANDOM_BYTES];
        long ms = T.toEpochMilli();

        String lastOfMs = Ids.encode("ev_", ms, allOnes);
        String firstOfNextMs = Ids.encode("ev_", ms + 1, allZeros);
        assertTrue(lastOfMs.compareTo(firstOfNextMs) < 0);
        assertEquals(decode(lastOfMs.substring(3)).add(BigInteger.ONE), decode(firstOfNextMs.substring(3)));
    }

    @Test
    void smallestAndLargestValuesKeepTheFixedWidth() {
        byte[] allOnes = new byte[Ids.RANDOM_BYTES];
        Arrays.fill(allOnes, (byte) 0xFF);

        assertEquals("0".repeat(22), Ids.encode("", 0, new byte[Ids.RANDOM_BYTES]));
        String max = Ids.encode("", (1L << 48) - 1, allOnes);
        assertEquals(22, max.length());
        assertEquals(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE), decode(max));
    }

    @Test
    void textOrderEqualsTimeOrderAcrossManyInstants() {
        Random random = new Random(42);
        List<Instant> instants = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            instants.add(Instant.ofEpochMilli(random.nextLong(0, 1L << 48)));
        }
        List<String> ids = new ArrayList<>();
        for (Instant at : instants) {
            ids.add(Ids.newId("ev_", at));
        }
        List<String> byText = new ArrayList<>(ids);
        byText.sort(String::compareTo);
        List<String> byNumber = new ArrayList<>(ids);
        byNumber.sort((a, b) -> decode(a.substring(3)).compareTo(decode(b.substring(3))));
        assertEquals(byNumber, byText);

        for (int i = 1; i < byText.size(); i++) {
            long previous = decode(byText.get(i - 1).substring(3)).shiftRight(80).longValueExact();
            long current = decode(byText.get(i).substring(3)).shiftRight(80).longValueExact();
            assertTrue(previous <= current);
        }
    }

    @Test
    void instantsOutsideThe48BitRangeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Ids.newId("ev_", Instant.EPOCH.minusMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> Ids.newId("ev_", Instant.ofEpochMilli(1L << 48)));
        assertThrows(IllegalArgumentException.class, () -> Ids.newId("ev_", Instant.MAX));
        assertThrows(IllegalArgumentException.class,
                () -> Ids.deterministicId("ev_", Instant.ofEpochMilli(-5), "seed"));
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> Ids.newId(null, T));
        assertThrows(NullPointerException.class, () -> Ids.newId("ev_", (Instant) null));
        assertThrows(NullPointerException.class, () -> Ids.deterministicId("ev_", T, null));
        assertThrows(NullPointerException.class, () -> Ids.isWellFormed(null, "ev_1"));
    }

    @Test
    void deterministicIdIsStableForTheSameInput() {
        String seed = "ID:1f2e3d4c-0000-11ee-8c90-0242ac120002#3";
        String first = Ids.deterministicId("ev_", T, seed);
        String second = Ids.deterministicId("ev_", T, seed);
        assertEquals(first, second);
        assertGeneratedShape("ev_", first);
        assertTrue(Ids.isWellFormed("ev_", first));
    }

    @Test
    void deterministicIdDependsOnSeedTimeAndPrefix() {
        String base = Ids.deterministicId("ev_", T, "msg-1#0");
        assertNotEquals(base, Ids.deterministicId("ev_", T, "msg-1#1"));
        assertNotEquals(base, Ids.deterministicId("ev_", T.plusMillis(1), "msg-1#0"));
        assertNotEquals(base, Ids.deterministicId("xx_", T, "msg-1#0"));
        assertEquals(base.substring(3), Ids.deterministicId("xx_", T, "msg-1#0").substring(3));
    }

    @Test
    void deterministicIdLowBitsAreTheFirst80BitsOfSha256() throws Exception {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a3...
        BigInteger expectedLow = new BigInteger("ba7816bf8f01cfea4141", 16);
        BigInteger value = decode(Ids.deterministicId("", T, "abc"));
        assertEquals(expectedLow, value.and(BigInteger.ONE.shiftLeft(80).subtract(BigInteger.ONE)));
        assertEquals(T.toEpochMilli(), value.shiftRight(80).longValueExact());
    }

    @Test
    void deterministicIdKeepsTimeOrder() {
        String earlier = Ids.deterministicId("ev_", T, "zzz");
        String later = Ids.deterministicId("ev_", T.plusMillis(1), "aaa");
        assertTrue(earlier.compareTo(later) < 0);
    }

    @Test
    void isWellFormedAcceptsGeneratedAndProducerIds() {
        assertTrue(Ids.isWellFormed("ev_", "ev_2sYKRjcrA79yKxi3S4Crd7"));
        assertTrue(Ids.isWellFormed("ev_", "ev_a"));
        assertTrue(Ids.isWellFormed("ev_", "ev_" + "Z".repeat(64)));
        assertTrue(Ids.isWellFormed("ev_", "ev_0123456789"));
        assertTrue(Ids.isWellFormed("whsub_", "whsub_abcDEF123"));
    }

    @Test
    void isWellFormedRejectsEverythingElse() {
        assertFalse(Ids.isWellFormed("ev_", null));
        assertFalse(Ids.isWellFormed("ev_", ""));
        assertFalse(Ids.isWellFormed("ev_", "ev_"));
        assertFalse(Ids.isWellFormed("ev_", "ev_" + "Z".repeat(65)));
        assertFalse(Ids.isWellFormed("ev_", "whsub_abc"));
        assertFalse(Ids.isWellFormed("ev_", "EV_abc"));
        assertFalse(Ids.isWellFormed("ev_", "xev_abc"));
        assertFalse(Ids.isWellFormed("ev_", "ev_ab-c"));
        assertFalse(Ids.isWellFormed("ev_", "ev_ab_c"));
        assertFalse(Ids.isWellFormed("ev_", "ev_abc "));
        assertFalse(Ids.isWellFormed("ev_", " ev_abc"));
        assertFalse(Ids.isWellFormed("ev_", "ev_abc\n"));
        assertFalse(Ids.isWellFormed("ev_", "ev_ab%c"));
        assertFalse(Ids.isWellFormed("ev_", "ev_äbc"));
        assertFalse(Ids.isWellFormed("ev_", "ev_ab\u0000"));
        assertFalse(Ids.isWellFormed("ev_", "ev_\uFF21"));
    }

    @Test
    void randomTokenIsLowercaseHexOfTheRequestedLength() {
        for (int bytes : new int[] {1, 16, 32, 64}) {
            String token = Ids.randomToken(bytes);
            assertEquals(bytes * 2, token.length());
            assertTrue(token.matches("[0-9a-f]+"), token);
        }
    }

    @Test
    void randomTokensDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(Ids.randomToken(16)));
        }
    }

    @Test
    void randomTokenRejectsNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> Ids.randomToken(0));
        assertThrows(IllegalArgumentException.class, () -> Ids.randomToken(-1));
    }

    @Test
    void timeOfGivesBackTheMillisecondAnIdWasMadeAt() {
        Instant at = Instant.parse("2026-12-01T19:30:00.123456Z");
        assertEquals(Optional.of(Instant.parse("2026-12-01T19:30:00.123Z")), Ids.timeOf("whdel_", Ids.newId("whdel_", at)));
        assertEquals(Optional.of(Instant.parse("2026-12-01T19:30:00.123Z")), Ids.timeOf("whdel_", Ids.firstIdAt("whdel_", at)));
    }

    @Test
    void timeOfIsEmptyForIdsOfAnotherShape() {
        assertEquals(Optional.empty(), Ids.timeOf("whdel_", "ev_" + "0".repeat(22)));
        assertEquals(Optional.empty(), Ids.timeOf("whdel_", "whdel_short"));
        assertEquals(Optional.empty(), Ids.timeOf("whdel_", "whdel_" + "-".repeat(22)));
        assertEquals(Optional.empty(), Ids.timeOf("whdel_", "whdel_" + "z".repeat(22))); // more than 128 bits
        assertEquals(Optional.empty(), Ids.timeOf("whdel_", null));
    }
}
