package dev.eventlog.platform.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryLaterExceptionTest {

    private static long retryAfter(Duration wait) {
        return new RetryLaterException(429, "later", wait).retryAfterSeconds();
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertEquals(1, retryAfter(Duration.ZERO));
        assertEquals(1, retryAfter(Duration.ofMillis(50)));
        assertEquals(1, retryAfter(Duration.ofSeconds(1)));
        assertEquals(2, retryAfter(Duration.ofSeconds(1).plusNanos(1)), "never a hair early");
        assertEquals(20, retryAfter(Duration.ofMillis(19_950)));
    }
}
