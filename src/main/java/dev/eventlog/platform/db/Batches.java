package dev.eventlog.platform.db;

import java.util.function.IntSupplier;

/**
 * Bounded deletes: a large DELETE is done as many small ones, each its own short transaction (the
 * caller's {@code batch}), so no statement holds its locks, or the table's bloat, for long.
 */
public final class Batches {

    private Batches() {
    }

    /**
     * Runs {@code batch} (which handles at most {@code size} rows and says how many it did) until
     * one does less than a full batch.
     *
     * @return the rows done in all
     */
    public static long untilShort(int size, IntSupplier batch) {
        long total = 0;
        int done;
        do {
            done = batch.getAsInt();
            total += done;
        } while (done >= size);
        return total;
    }
}
