package dev.eventlog.platform.error;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnstorableUriFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/webhook/%00/", "object_type=a%00b", "x=%C3%28", "x=%ED%A0%80", "x=%ff%fe",
            "x=%zz", "x=%", "x=%4", "x=\u0000", "x=\uD800"})
    void refuses(String raw) {
        assertNotNull(UnstorableUriFilter.problem(raw), raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/event/", "object_type=lead&_limit=10", "q=Zo%C3%AB", "q=%F0%9F%98%80",
            "q=Zoë", "q=\uD83D\uDE00", "cursor=abc%2Bdef%3D%3D", "a=%20b+c"})
    void accepts(String raw) {
        assertNull(UnstorableUriFilter.problem(raw), raw);
    }
}
