package dev.eventlog.bench;

import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The crash tests' producers: REST threads posting batches and one JMS producer committing
 * messages to the ingest queue, all with producer-chosen event ids, so that what was sent, what was
 * accepted (202, or a committed send) and what was stored can be compared id by id afterwards.
 * Half the events are created (dispatched as they are stored), half updated (dispatched after the
 * consolidation window through the dispatch queue and the owed-dispatch record); every object id is
 * new, so nothing merges and every stored event is owed exactly one webhook.
 */
final class CrashLoad {

    private final Api api;
    private final Broker broker;
    private final String organizationId;
    private final String ingestKey;
    private final int restThreads;
    private final int batchSize;
    private final long pauseMillis;

    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    /** REST answers other than 202, by status (0: no answer at all). */
    private final Map<Integer, Long> refusals = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile String prefix;

    CrashLoad(Api api, Broker broker, String organizationId, String ingestKey, int restThreads, int batchSize,
              long pauseMillis) {
        this.api = api;
        this.broker = broker;
        this.organizationId = organizationId;
        this.ingestKey = ingestKey;
        this.restThreads = restThreads;
        this.batchSize = batchSize;
        this.pauseMillis = pauseMillis;
    }

    /** Starts producing events whose ids begin with {@code ev_} + {@code idPrefix}. */
    void start(String idPrefix) {
        prefix = idPrefix;
        running = true;
        for (int i = 0; i < restThreads; i++) {
            threads.add(started(new Thread(this::postLoop, "crash-rest-" + i)));
        }
        threads.add(started(new Thread(this::jmsLoop, "crash-jms")));
    }

    private static Thread started(Thread thread) {
        thread.start();
        return thread;
    }

    /** Stops the producers and waits for the requests in flight to end (their outcome is then known). */
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join();
        }
        threads.clear();
    }

    Set<String> sent() {
        return sent;
    }

    Set<String> accepted() {
        return accepted;
    }

    Map<Integer, Long> refusals() {
        return refusals;
    }

    private List<String> nextIds() {
        List<String> ids = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            ids.add("ev_" + prefix + "x" + sequence.incrementAndGet());
        }
        return ids;
    }

    private String batch(List<String> ids) {
        StringBuilder json = new StringBuilder("[");
        for (String id : ids) {
            boolean update = id.hashCode() % 2 == 0;
            json.append(json.length() > 1 ? "," : "").append("{\"id\":\"").append(id)
                    .append("\",\"organization_id\":\"").append(organizationId)
                    .append("\",\"object_type\":\"crash\",\"object_id\":\"obj_").append(id)
                    .append("\",\"action\":\"").append(update ? "updated" : "created")
                    .append("\",\"data\":{\"n\":").append(id.length()).append("}")
                    .append(update ? ",\"changed_fields\":[\"n\"],\"previous_data\":{\"n\":0}" : "")
                    .append(",\"meta\":{\"request_method\":\"POST\",\"request_path\":\"/crash/\"}}");
        }
        return json.append("]").toString();
    }

    private void postLoop() {
        while (running) {
            pause(postOnce(api));
        }
    }

    /**
     * Posts one batch of new events through {@code via} (the cluster's tests also post straight to
     * one node); returns whether it was accepted (202).
     */
    boolean postOnce(Api via) {
        List<String> ids = nextIds();
        sent.addAll(ids);
        int status = 0;
        try {
            status = via.send("POST", "/api/v1/internal/event/", ingestKey, batch(ids)).status();
        } catch (IllegalStateException down) {
            // Not accepted: unanswered. If it was stored all the same, it is owed its webhooks.
        }
        boolean ok = status == 202;
        if (!ok) {
            refusals.merge(status, 1L, Long::sum);
        } else {
            accepted.addAll(ids);
        }
        return ok;
    }

    private void jmsLoop() {
        JMSContext jms = null;
        while (running) {
            List<String> ids = nextIds();
            sent.addAll(ids);
            boolean ok = false;
            try {
                if (jms == null) {
                    jms = broker.transacted();
                }
                Queue ingest = jms.createQueue("jms.queue.eventlog.ingest");
                jms.createProducer().send(ingest, batch(ids));
                jms.commit();
                accepted.addAll(ids);
                ok = true;
            } catch (RuntimeException down) {
                // The broker went away (or never came): a new connection for the next message.
                if (jms != null) {
                    try {
                        jms.close();
                    } catch (RuntimeException ignored) {
                        // already broken
                    }
                    jms = null;
                }
            }
            pause(ok);
        }
        if (jms != null) {
            jms.close();
        }
    }

    /**
     * Pacing, not waiting: a steady rate a 2-core machine can also restart under; a second after a
     * failure, so that a server that is down is asked about once a second per producer, not flooded.
     */
    private void pause(boolean afterSuccess) {
        try {
            Thread.sleep(afterSuccess ? pauseMillis : 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
