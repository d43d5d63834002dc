package dev.eventlog.ingest;

import dev.eventlog.consolidation.Consolidation;
import dev.eventlog.event.Event;
import dev.eventlog.platform.db.AdvisoryLocks;
import dev.eventlog.retention.PartitionMaintenance;
import dev.eventlog.stream.StreamChanged;
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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes events to the log exactly once per id, folding updates into the open event of their
 * burst. Redelivered messages and producers that retry with the same id must not create a second
 * row, nor merge an update twice, and the table cannot enforce that alone (its key includes
 * date_created, and a merged update leaves no row of its own), so each id is locked for the
 * transaction and looked up first, among stored and merged ids.
 */
@ApplicationScoped
public class EventStore {

    /** What became of a batch: new rows (each to be dispatched), updates merged, duplicates ignored. */
    public record Stored(List<Event> created, int merged, int duplicates) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    PartitionMaintenance partitions;

    @Inject
    Consolidation consolidation;

    /** Observed after commit: long-polls of the stream and its JMS feed read the new positions. */
    @Inject
    jakarta.enterprise.event.Event<StreamChanged> streamChanged;

    @Transactional(Transactional.TxType.MANDATORY)
    public Stored store(List<Event> events) {
        Map<String, Event> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.getId(), e));

        // One sorted set of locks: the ids (exactly once) and the objects whose updates may merge
        // (one burst, one event, whichever consumer or node stores them).
        Set<String> keys = new HashSet<>(byId.keySet());
        byId.values().stream().filter(consolidation::applies).map(Consolidation::lockKey).forEach(keys::add);
        AdvisoryLocks.lock(em, keys);

        String ids = String.join(",", byId.keySet());
        @SuppressWarnings("unchecked")
        List<String> existing = em.createNativeQuery("SELECT id FROM event "
                        + "WHERE id = ANY (string_to_array(CAST(?1 AS text), ',') COLLATE \"C\") "
                        + "UNION ALL SELECT id FROM event_merged "
                        + "WHERE id = ANY (string_to_array(CAST(?1 AS text), ',') COLLATE \"C\")")
                .setParameter(1, ids)
                .getResultList();
        Set<String> known = new HashSet<>(existing);
        List<Event> fresh = byId.values().stream().filter(e -> !known.contains(e.getId())).toList();

        partitions.ensure(fresh.stream().map(e -> e.getDateCreated().toLocalDate()).collect(Collectors.toSet()));
        List<Event> created = new ArrayList<>();
        int merged = 0;
        for (Event event : fresh) {
            if (consolidation.applies(event)) {
                Optional<Event> open = consolidation.openBurstFor(event);
                if (open.isPresent()) {
                    consolidation.absorb(open.get(), event);
                    merged++;
                    continue;
                }
                consolidation.open(event);
            }
            em.persist(event);
            created.add(event);
        }
        em.flush();
        if (!created.isEmpty() || merged > 0) {
            streamChanged.fire(StreamChanged.INSTANCE);
        }
        return new Stored(created, merged, events.size() - fresh.size());
    }
}
