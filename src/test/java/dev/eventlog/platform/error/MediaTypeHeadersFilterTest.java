package dev.eventlog.platform.error;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MediaTypeHeadersFilterTest {

    @Test
    void acceptLists() {
        assertTrue(MediaTypeHeadersFilter.isAcceptList("application/json"));
        assertTrue(MediaTypeHeadersFilter.isAcceptList("text/html, application/json;q=0.9, */*;q=0.8"));
        assertTrue(MediaTypeHeadersFilter.isAcceptList(""));
        assertTrue(MediaTypeHeadersFilter.isAcceptList("text/html;q=0.5;level=1"));
        assertFalse(MediaTypeHeadersFilter.isAcceptList("application/json;q=x"));
        assertFalse(MediaTypeHeadersFilter.isAcceptList("application/json;q=2"));
        assertFalse(MediaTypeHeadersFilter.isAcceptList(";;"));
    }

    @Test
    void contentTypes() {
        assertTrue(MediaTypeHeadersFilter.isMediaType("application/json"));
        assertTrue(MediaTypeHeadersFilter.isMediaType("application/json; charset=UTF-8"));
        assertTrue(MediaTypeHeadersFilter.isMediaType("multipart/form-data; boundary=\"a b\""));
        assertFalse(MediaTypeHeadersFilter.isMediaType(";;;/"));
        assertFalse(MediaTypeHeadersFilter.isMediaType("application/json; charset"));
        assertFalse(MediaTypeHeadersFilter.isMediaType("application"));
        assertFalse(MediaTypeHeadersFilter.isMediaType("application/json\u0001"));
    }
}
