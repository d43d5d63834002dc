package dev.eventlog.ingest;

import dev.eventlog.event.Event;
import dev.eventlog.event.EventJson;
import dev.eventlog.event.ProcessingOptions;
import dev.eventlog.platform.jms.Destinations;
import dev.eventlog.platform.json.Jsonp;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.json.JsonArrayBuilder;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Puts accepted events on the ingest queue. All messages of one request are sent in one JTA
 * transaction: the producer's 202 means every event of the batch is durably queued, and a failure
 * means none is.
 */
@ApplicationScoped
public class IngestPublisher {

    @Inject
    JMSContext jms;

    @Resource(lookup = Destinations.INGEST)
    Queue ingestQueue;

    @Inject
    IngestSettings settings;

    @Transactional(Transactional.TxType.REQUIRED)
    public void publish(List<Event> events) {
        int chunk = settings.eventsPerMessage();
        for (int from = 0; from < events.size(); from += chunk) {
            List<Event> part = events.subList(from, Math.min(events.size(), from + chunk));
            JsonArrayBuilder body = Jsonp.createArrayBuilder();
            part.forEach(e -> body.add(EventJson.internalJson(e)));
            // A message is as urgent as its most urgent event.
            int priority = part.stream().mapToInt(e -> ProcessingOptions.of(e).jmsPriority()).max()
                    .orElse(ProcessingOptions.DEFAULT.jmsPriority());
            jms.createProducer().setPriority(priority).send(ingestQueue, body.build().toString());
        }
    }
}
