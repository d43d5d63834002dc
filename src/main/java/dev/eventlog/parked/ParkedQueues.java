package dev.eventlog.parked;

import dev.eventlog.platform.jms.Destinations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.Queue;

/** The JMS queue of each {@link ParkedQueue}, looked up by its portable java:app name. */
@ApplicationScoped
public class ParkedQueues {

    @Resource(lookup = Destinations.INGEST_REJECTED)
    Queue rejected;

    @Resource(lookup = Destinations.INGEST_DEAD)
    Queue dead;

    public Queue of(ParkedQueue queue) {
        return queue == ParkedQueue.REJECTED ? rejected : dead;
    }
}
