package dev.eventlog.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The stream's limits and the JMS feed's switch (environment: EVENTLOG_STREAM_...). */
@ApplicationScoped
public class StreamSettings {

    /** The longest {@code wait} a long-poll may ask for; longer asks are cut to it. */
    @Inject
    @ConfigProperty(name = "eventlog.stream.max-wait-seconds", defaultValue = "60")
    int maxWaitSeconds;

    /**
     * Long-polls held at once on this node. Each costs no thread while it waits, but one query per
     * wake-up; past the limit a poll is answered 503 with Retry-After instead of queued.
     */
    @Inject
    @ConfigProperty(name = "eventlog.stream.max-waiters", defaultValue = "200")
    int maxWaiters;

    /**
     * Whether this node publishes the stream to the topic eventlog.stream (one node at a time does).
     * Off unless asked for: it is one more JMS message per change whether anyone subscribes or not,
     * which cost the pipeline a quarter of what it sustains within 100 ms on 2 cores (bench/README.md,
     * "Profiles and improvements"), while the stream API serves every consumer without it.
     */
    @Inject
    @ConfigProperty(name = "eventlog.stream.feed.enabled", defaultValue = "false")
    boolean feedEnabled;

    /** Changes the feed publishes per transaction. */
    @Inject
    @ConfigProperty(name = "eventlog.stream.feed.batch", defaultValue = "500")
    int feedBatch;

    public Duration maxWait() {
        return Duration.ofSeconds(Math.max(0, maxWaitSeconds));
    }

    public int maxWaiters() {
        return Math.max(1, maxWaiters);
    }

    public boolean feedEnabled() {
        return feedEnabled;
    }

    public int feedBatch() {
        return Math.max(1, Math.min(feedBatch, StreamRead.MAX_LIMIT));
    }
}
