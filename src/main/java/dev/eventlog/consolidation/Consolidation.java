package dev.eventlog.consolidation;

import dev.eventlog.event.Event;
import dev.eventlog.platform.db.AdvisoryLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Folds updates into the open event of their burst (DESIGN §3), correctly under concurrency: every
 * writer of an object's updates, and the dispatcher that closes a burst, first takes the object's
 * advisory lock ({@link #lockKey}), so two consumers storing updates of one object at the same
 * moment see each other's work, and an update never folds into an event whose webhook is gone.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Consolidation {

    @PersistenceContext
    EntityManager em;

    @Inject
    ConsolidationSettings settings;

    /** Whether this event may join or open a burst: only updates do. */
    public boolean applies(Event event) {
        return EventMerge.UPDATED.equals(event.getAction()) && !settings.window().isZero();
    }

    /** The advisory lock that serializes consolidation of one object. */
    public static String lockKey(Event event) {
        return String.join("\u001F", "object", event.getOrganizationId(), event.getObjectType(), event.getObjectId());
    }

    /**
     * The still-open event {@code update} folds into, if any. The caller holds the object's lock;
     * events persisted earlier in the same transaction are found too (the query flushes them).
     */
    public Optional<Event> openBurstFor(Event update) {
        Duration window = settings.window();
        List<Event> candidates = em.createQuery("select e from Event e where e.organizationId = :org "
                        + "and e.objectId = :objectId and e.objectType = :objectType and e.action = 'updated' "
                        + "and e.consolidating = true and e.dateCreated > :from and e.dateCreated < :to "
                        + "order by e.dateCreated desc, e.id desc", Event.class)
                .setParameter("org", update.getOrganizationId())
                .setParameter("objectId", update.getObjectId())
                .setParameter("objectType", update.getObjectType())
                .setParameter("from", update.getDateCreated().minus(window))
                .setParameter("to", update.getDateCreated().plus(window))
                .getResultList();
        return candidates.stream().filter(open -> EventMerge.canMerge(open, update, window)).findFirst();
    }

    /** Folds {@code update} into {@code open} and remembers its id, so a redelivery is recognised. */
    public void absorb(Event open, Event update) {
        EventMerge.mergeInto(open, update);
        em.createNativeQuery("INSERT INTO event_merged (id, event_id, date_created) VALUES (?1, ?2, ?3)")
                .setParameter(1, update.getId())
                .setParameter(2, open.getId())
                .setParameter(3, update.getDateCreated())
                .executeUpdate();
    }

    /** Marks a new update as open: later updates of its burst may fold into it until it is closed. */
    public void open(Event update) {
        update.setConsolidating(true);
    }

    /**
     * Ends the bursts of {@code events} because their webhooks are going out now: no later update
     * may join them. Each open one is re-read under its object's lock, so a merge committed a moment
     * ago is included; the locks are taken together, sorted, as ingest takes them.
     */
    public void close(List<Event> events) {
        List<Event> open = events.stream().filter(Event::isConsolidating).toList();
        if (open.isEmpty()) {
            return;
        }
        AdvisoryLocks.lock(em, open.stream().map(Consolidation::lockKey).toList());
        for (Event event : open) {
            em.refresh(event);
            event.setConsolidating(false);
        }
    }
}
