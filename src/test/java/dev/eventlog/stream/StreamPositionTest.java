package dev.eventlog.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamPositionTest {

    @Test
    void formatsAsFixedWidthHexThatParsesBack() {
        StreamPosition p = new StreamPosition(0xb2f, 0x4d2);
        assertEquals("0000000000000b2f-00000000000004d2", p.format());
        assertEquals(Optional.of(p), StreamPosition.parse(p.format()));
        assertEquals(Optional.of(p), StreamPosition.parse("0000000000000B2F-00000000000004D2"));
    }

    @Test
    void stringOrderIsPositionOrder() {
        Random random = new Random(7);
        List<StreamPosition> positions = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            positions.add(new StreamPosition(random.nextInt(50) * (random.nextBoolean() ? 1L : 1L << 40),
                    random.nextLong() & Long.MAX_VALUE));
        }
        for (int i = 1; i < positions.size(); i++) {
            StreamPosition a = positions.get(i - 1);
            StreamPosition b = positions.get(i);
            assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(a.format().compareTo(b.format())), a + " vs " + b);
        }
    }

    @Test
    void refusesWhatIsNotAPosition() {
        for (String bad : List.of("", "0", "zz", "0000000000000b2f", "0000000000000b2f-4d2", "0000000000000b2f_00000000000004d2",
                "8000000000000000-0000000000000000", "0000000000000000-8000000000000000", " 0000000000000b2f-00000000000004d2",
                "0000000000000g2f-00000000000004d2")) {
            assertEquals(Optional.empty(), StreamPosition.parse(bad), bad);
        }
        assertEquals(Optional.empty(), StreamPosition.parse(null));
    }

    @Test
    void beforeAHorizonComesBeforeEveryRowOfThatTransaction() {
        StreamPosition before = StreamPosition.before(100);
        assertTrue(before.compareTo(new StreamPosition(100, 1)) < 0);
        assertTrue(before.compareTo(new StreamPosition(99, Long.MAX_VALUE)) > 0);
        assertEquals(new StreamPosition(5, 5), new StreamPosition(5, 5).max(new StreamPosition(5, 4)));
        assertEquals(new StreamPosition(6, 0), new StreamPosition(5, 5).max(new StreamPosition(6, 0)));
    }
}
