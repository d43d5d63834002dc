package dev.eventlog.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Webhook JSON by event id, bounded by the bytes it holds rather than by count: events range from
 * a few hundred bytes to the 1 MB an ingest body allows, so 20,000 entries (the old bound) could
 * be 30 MB or 20 GB. Evicts the oldest first. A text is weighed as two bytes a character (what a
 * String may take on the heap) plus its key; one larger than the whole bound is not kept at all.
 * Not thread-safe: the owner synchronizes.
 */
final class PayloadCache {

    /** Entry, key and map node overhead, roughly. */
    static final long ENTRY_OVERHEAD = 96;

    private final long maxBytes;
    private final LinkedHashMap<String, String> entries = new LinkedHashMap<>();
    private long bytes;

    PayloadCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static long weight(String key, String value) {
        return ENTRY_OVERHEAD + 2L * key.length() + 2L * value.length();
    }

    String get(String key) {
        return entries.get(key);
    }

    boolean contains(String key) {
        return entries.containsKey(key);
    }

    void put(String key, String value) {
        String previous = entries.remove(key);
        if (previous != null) {
            bytes -= weight(key, previous);
        }
        long weight = weight(key, value);
        if (weight > maxBytes) {
            return;
        }
        entries.put(key, value);
        bytes += weight;
        var oldest = entries.entrySet().iterator();
        while (bytes > maxBytes) {
            Map.Entry<String, String> eldest = oldest.next();
            bytes -= weight(eldest.getKey(), eldest.getValue());
            oldest.remove();
        }
    }

    long bytes() {
        return bytes;
    }

    int size() {
        return entries.size();
    }
}
