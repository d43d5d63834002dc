package dev.eventlog.event;

import dev.eventlog.platform.error.RetryLaterException;
import dev.eventlog.platform.limit.ConcurrencySlots;
import dev.eventlog.platform.limit.TokenBuckets;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Admits Event Log API requests: a rate limit per API key (429 with Retry-After), then a cap on the
 * queries one organization and all of them run at once. Without the cap, about 40 parallel queries
 * that match nothing took every pooled connection and stalled ingest for every tenant.
 *
 * <p>Only API keys come here: ingest keys and the system token never reach the Event Log API
 * (ingest is bounded by its body size and the queue, and the operator is trusted). The limits are
 * per node (DESIGN §9: they change nothing subscribers receive); a cluster of n nodes lets a key
 * make up to n times the rate.
 *
 * <p>Semaphore-like slots rather than MicroProfile Fault Tolerance's {@code @Bulkhead}: a bulkhead
 * limits one method for everyone, while a tenant must be capped on its own so that it cannot fill
 * the total for the others; and the full profile WildFly runs has no Fault Tolerance subsystem.
 */
@ApplicationScoped
public class EventLogLimits {

    /** A slot frees within one query (milliseconds, the statement timeout at worst); a second spreads retries out. */
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    @Inject
    EventLogSettings settings;

    @Inject
    Clock clock;

    private final ConcurrencySlots queries = new ConcurrencySlots();
    private TokenBuckets perKey;

    @PostConstruct
    void init() {
        perKey = new TokenBuckets(clock);
    }

    /**
     * Runs one Event Log request for the key, or refuses it.
     *
     * @throws RetryLaterException 429 over the key's rate or the organization's concurrent queries,
     *                             503 when the node's Event Log queries are all taken
     */
    public <T> T run(String keyId, String organizationId, Supplier<T> query) {
        Duration wait = perKey.take(keyId, settings.requestsPerSecond(), settings.burst());
        if (!wait.isZero()) {
            throw new RetryLaterException(429, "Rate limit exceeded: each API key may make " + rate()
                    + " Event Log requests a second, " + settings.burst() + " at once; retry after Retry-After seconds.", wait);
        }
        switch (queries.acquire(organizationId, settings.maxQueriesPerOrganization(), settings.maxQueries())) {
            case GROUP_FULL -> throw new RetryLaterException(429, "Too many Event Log queries of this organization at once "
                    + "(at most " + settings.maxQueriesPerOrganization() + "): wait for one to finish.", BUSY_RETRY);
            case ALL_FULL -> throw new RetryLaterException(503, "The Event Log API is busy; retry after Retry-After seconds.",
                    BUSY_RETRY);
            case ADMITTED -> {
                // go ahead
            }
        }
        try {
            return query.get();
        } finally {
            queries.release(organizationId);
        }
    }

    /** "20", or "0.5" for a fractional rate. */
    private String rate() {
        double rate = settings.requestsPerSecond();
        return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
    }
}
