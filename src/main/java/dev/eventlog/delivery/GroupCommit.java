package dev.eventlog.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Group commit of attempt outcomes: one batch is written (in one transaction, by {@code writer})
 * with whatever was added while the previous one was being written. A thread that finds the writer
 * busy returns at once; the writer checks the queue again after letting go, so nothing added is
 * left behind. An item is held in memory only until its batch is written: if the node dies first,
 * the delivery's claim runs out and the retry timer sends it again.
 */
final class GroupCommit<T> {

    private final int maxBatch;
    private final Consumer<List<T>> writer;
    private final Queue<T> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    GroupCommit(int maxBatch, Consumer<List<T>> writer) {
        this.maxBatch = maxBatch;
        this.writer = writer;
    }

    void add(T item) {
        pending.add(item);
        while (!pending.isEmpty() && writing.compareAndSet(false, true)) {
            try {
                List<T> batch = new ArrayList<>();
                T next;
                while (batch.size() < maxBatch && (next = pending.poll()) != null) {
                    batch.add(next);
                }
                if (!batch.isEmpty()) {
                    writer.accept(batch);
                }
            } finally {
                writing.set(false);
            }
        }
    }
}
