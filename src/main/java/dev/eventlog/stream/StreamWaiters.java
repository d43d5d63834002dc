package dev.eventlog.stream;

import dev.eventlog.platform.error.RetryLaterException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Long-polls of the stream: requests with nothing new to answer are suspended (no thread held) and
 * read again when events commit on this node (StreamChanged), when a held-back change may have
 * been let through (HeldBackRecheck) and once a second (StreamTimer: other nodes' commits, and
 * the waits that end). One read per waiting request per wake-up, never a query loop per request.
 */
@ApplicationScoped
public class StreamWaiters {

    private static final Logger LOG = Logger.getLogger(StreamWaiters.class.getName());

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject
    StreamReader reader;

    @Inject
    StreamSettings settings;

    private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
    private final CoalescedRuns checks = new CoalescedRuns(this::checkAll);
    private final HeldBackRecheck recheck = new HeldBackRecheck();

    private record Waiter(StreamRead read, long deadlineNanos, AsyncResponse response,
                          Function<StreamPage, Object> answer) {
    }

    /**
     * Answers {@code response} with {@code answer} of the first read that finds changes, or of the
     * read at the end of {@code wait}. False when this node already holds its limit of waits, or
     * the application is shutting down.
     */
    public boolean hold(StreamRead read, Duration wait, AsyncResponse response, Function<StreamPage, Object> answer) {
        if (waiting.size() >= settings.maxWaiters() || checks.isStopped()) {
            return false;
        }
        Waiter waiter = new Waiter(read, System.nanoTime() + wait.toNanos(), response, answer);
        // A safety net only: the tick answers at the deadline. Should the executor be gone, the
        // client gets the API's 503 rather than a request that never ends.
        response.setTimeout(wait.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        response.setTimeoutHandler(r -> {
            if (waiting.remove(waiter)) {
                r.resume(unavailable());
            }
        });
        waiting.add(waiter);
        wake(); // a commit between the first read and now has no signal left to wake this one
        return true;
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) StreamChanged changed) {
        wake();
    }

    /**
     * Before the application's contexts go: no read may be left half done on a server thread
     * (CoalescedRuns), and the requests still waiting are answered now rather than by their timeout.
     */
    void stopping(@Observes @BeforeDestroyed(ApplicationScoped.class) Object application) throws InterruptedException {
        if (!checks.stop(Duration.ofSeconds(10))) {
            LOG.warning("A long-poll read of the stream did not end within 10 s of the application's shutdown");
        }
        for (Waiter waiter : waiting) {
            if (waiting.remove(waiter)) {
                waiter.response().resume(unavailable());
            }
        }
    }

    /** Once a second (StreamTimer). */
    public void tick() {
        wake();
    }

    private void wake() {
        if (!waiting.isEmpty()) {
            checks.request(executor);
        }
    }

    private void checkAll() {
        boolean held = false;
        for (Waiter waiter : waiting) {
            try {
                StreamPage page = reader.read(waiter.read());
                if (!page.entries().isEmpty() || System.nanoTime() - waiter.deadlineNanos() >= 0) {
                    if (waiting.remove(waiter)) {
                        waiter.response().resume(waiter.answer().apply(page));
                    }
                } else {
                    held |= page.heldBack();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A long-poll of the stream failed", e);
                if (waiting.remove(waiter)) {
                    waiter.response().resume(unavailable());
                }
            }
        }
        recheck.after(held, executor, this::wake);
    }

    private static RetryLaterException unavailable() {
        return new RetryLaterException(503, "The stream could not be read just now; read again.", Duration.ofSeconds(1));
    }
}
