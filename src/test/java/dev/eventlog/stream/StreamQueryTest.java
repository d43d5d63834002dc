package dev.eventlog.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventlog.platform.error.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamQueryTest {

    private static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private static StreamQuery parse(String... pairs) {
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return StreamQuery.parse(params, MAX_WAIT);
    }

    @Test
    void defaultsReadFromTheStartWithoutWaiting() {
        StreamQuery q = parse();
        assertNull(q.after());
        assertEquals(StreamRead.DEFAULT_LIMIT, q.limit());
        assertEquals(Duration.ZERO, q.waitFor());
    }

    @Test
    void limitsAndWaitsAreCappedNotRefused() {
        StreamQuery q = parse("limit", "5000", "wait", "600", "after", "0000000000000001-0000000000000002");
        assertEquals(StreamRead.MAX_LIMIT, q.limit());
        assertEquals(MAX_WAIT, q.waitFor());
        assertEquals(new StreamPosition(1, 2), q.after());
    }

    @Test
    void badOrRepeatedOrUnknownParametersAreFieldErrors() {
        for (String[] bad : List.of(new String[] {"limit", "0"}, new String[] {"limit", "-3"}, new String[] {"wait", "x"},
                new String[] {"after", "12"}, new String[] {"size", "1"})) {
            ValidationException e = assertThrows(ValidationException.class, () -> parse(bad));
            assertEquals(true, e.fieldErrors().containsKey(bad[0]), String.join("=", bad));
        }
        assertThrows(ValidationException.class, () -> parse("limit", "1", "limit", "2"));
        assertThrows(ValidationException.class, () -> parse("consumer", "a", "organization_id", "b"));
    }
}
