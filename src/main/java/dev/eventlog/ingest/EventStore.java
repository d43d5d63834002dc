package dev.eventlog.ingest;

import dev.eventlog.event.Event;
import dev.eventlog.retention.PartitionMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes events to the log exactly once per id. Redelivered messages and producers that retry with
 * the same id must not create a second row, and the table cannot enforce that alone (its key
 * includes date_created), so each id is locked for the transaction and looked up first.
 */
@ApplicationScoped
public class EventStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    PartitionMaintenance partitions;

    /** @return the events that were new and are now stored */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Event> storeNew(List<Event> events) {
        Map<String, Event> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.getId(), e));
        String ids = String.join(",", byId.keySet());

        // Sorted lock order, so two transactions with overlapping ids cannot deadlock.
        em.createNativeQuery("SELECT count(pg_advisory_xact_lock(hashtextextended(id, 0))) "
                        + "FROM (SELECT unnest(string_to_array(CAST(?1 AS text), ',')) AS id ORDER BY 1) AS ids")
                .setParameter(1, ids)
                .getSingleResult();
        @SuppressWarnings("unchecked")
        List<String> existing = em.createNativeQuery("SELECT id FROM event "
                        + "WHERE id = ANY (string_to_array(CAST(?1 AS text), ',') COLLATE \"C\")")
                .setParameter(1, ids)
                .getResultList();
        Set<String> known = new HashSet<>(existing);

        partitions.ensure(byId.values().stream().filter(e -> !known.contains(e.getId()))
                .map(e -> e.getDateCreated().toLocalDate()).collect(Collectors.toSet()));
        List<Event> stored = new ArrayList<>();
        for (Event event : byId.values()) {
            if (!known.contains(event.getId())) {
                em.persist(event);
                stored.add(event);
            }
        }
        em.flush();
        return stored;
    }
}
