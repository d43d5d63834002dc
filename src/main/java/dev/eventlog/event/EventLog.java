package dev.eventlog.event;

import dev.eventlog.event.EventCursor.Direction;
import dev.eventlog.platform.db.DataErrors;
import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.retention.RetentionSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the log for one organization: only events visible in the log and younger than the
 * retention (partitions are dropped a little later, by day; the API cuts off to the second).
 *
 * <p>Each read is a transaction of its own with PostgreSQL's {@code statement_timeout} set for it
 * alone ({@code SET LOCAL}, by {@code set_config(…, true)}, which takes a parameter), so a query that
 * walks an organization's whole index gives its connection back within the timeout. A new
 * transaction, not the caller's: the setting ends with it and never reaches other work.
 */
@ApplicationScoped
public class EventLog {

    /** PostgreSQL's query_canceled, raised when statement_timeout expires. */
    private static final String QUERY_CANCELED = "57014";

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    RetentionSettings retention;

    @Inject
    EventLogSettings settings;

    /**
     * The event with this id; for the id of an update that consolidation folded into an earlier
     * event, that event: the producer was given the id in its 202, and the update is there.
     */
    @Transactional(TxType.REQUIRES_NEW)
    public Optional<Event> find(String organizationId, String id) {
        return timed(() -> findNow(organizationId, id));
    }

    private Optional<Event> findNow(String organizationId, String id) {
        Optional<Event> found = byId(organizationId, id);
        if (found.isPresent()) {
            return found;
        }
        @SuppressWarnings("unchecked")
        List<String> into = em.createNativeQuery("SELECT event_id FROM event_merged WHERE id = ?1")
                .setParameter(1, id).getResultList();
        return into.isEmpty() ? Optional.empty() : byId(organizationId, into.get(0));
    }

    private Optional<Event> byId(String organizationId, String id) {
        List<Event> found = em.createQuery("select e from Event e where e.id = :id and e.organizationId = :org "
                        + "and e.visibleInLog = true and e.dateCreated >= :cutoff", Event.class)
                .setParameter("id", id)
                .setParameter("org", organizationId)
                .setParameter("cutoff", retentionCutoff())
                .getResultList();
        return found.stream().findFirst();
    }

    /** Keyset pagination over (date_updated, id): stable while new events keep arriving. */
    @Transactional(TxType.REQUIRES_NEW)
    public EventPage list(String organizationId, EventQuery q) {
        return timed(() -> listNow(organizationId, q));
    }

    private EventPage listNow(String organizationId, EventQuery q) {
        boolean newer = q.cursor() != null && q.cursor().direction() == Direction.NEWER;
        StringBuilder jpql = new StringBuilder("select e from Event e where e.organizationId = :org "
                + "and e.visibleInLog = true and e.dateCreated >= :cutoff");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("org", organizationId);
        params.put("cutoff", retentionCutoff());
        equal(jpql, params, "objectType", q.objectType());
        equal(jpql, params, "objectId", q.objectId());
        equal(jpql, params, "action", q.action());
        equal(jpql, params, "leadId", q.leadId());
        equal(jpql, params, "userId", q.userId());
        equal(jpql, params, "requestId", q.requestId());
        compare(jpql, params, "dateUpdated", ">", "gt", q.updatedGt());
        compare(jpql, params, "dateUpdated", ">=", "gte", q.updatedGte());
        compare(jpql, params, "dateUpdated", "<", "lt", q.updatedLt());
        compare(jpql, params, "dateUpdated", "<=", "lte", q.updatedLte());
        // An event is created no later than it is updated, so an upper bound on date_updated also
        // bounds date_created: PostgreSQL can then skip the newer partitions entirely.
        compare(jpql, params, "dateCreated", "<", "clt", q.updatedLt());
        compare(jpql, params, "dateCreated", "<=", "clte", q.updatedLte());
        if (q.cursor() != null) {
            // The redundant first bound is what lets the index scan start at the cursor.
            String op = newer ? ">" : "<";
            jpql.append(" and e.dateUpdated ").append(op).append("= :cd and (e.dateUpdated ").append(op)
                    .append(" :cd or e.id ").append(op).append(" :cid)");
            params.put("cd", q.cursor().dateUpdated());
            params.put("cid", q.cursor().id());
        }
        String order = newer ? "asc" : "desc";
        jpql.append(" order by e.dateUpdated ").append(order).append(", e.id ").append(order);

        TypedQuery<Event> query = em.createQuery(jpql.toString(), Event.class).setMaxResults(q.limit() + 1);
        params.forEach(query::setParameter);
        List<Event> rows = new ArrayList<>(query.getResultList());
        boolean more = rows.size() > q.limit();
        if (more) {
            rows.remove(rows.size() - 1);
        }
        if (newer) {
            Collections.reverse(rows);
        }
        return new EventPage(rows, nextCursor(q, rows, newer, more), previousCursor(q, rows));
    }

    /** Older events exist past the last one shown (always true after moving newer from an anchor). */
    private static EventCursor nextCursor(EventQuery q, List<Event> rows, boolean newer, boolean more) {
        if (rows.isEmpty()) {
            return newer ? new EventCursor(q.cursor().dateUpdated(), q.cursor().id(), Direction.OLDER) : null;
        }
        if (!newer && !more) {
            return null;
        }
        Event last = rows.get(rows.size() - 1);
        return new EventCursor(last.getDateUpdated(), last.getId(), Direction.OLDER);
    }

    /**
     * Always given when there is an anchor, so a client can poll for what arrives later; an empty
     * poll hands back the cursor it came with.
     */
    private static EventCursor previousCursor(EventQuery q, List<Event> rows) {
        if (rows.isEmpty()) {
            return q.cursor() != null && q.cursor().direction() == Direction.NEWER ? q.cursor() : null;
        }
        Event first = rows.get(0);
        return new EventCursor(first.getDateUpdated(), first.getId(), Direction.NEWER);
    }

    /**
     * Runs the reads under the statement timeout. A query that runs out of it is answered 400,
     * not 503: with the API's queries capped (EventLogLimits) the database is not overloaded by
     * them, so what runs this long is the query's shape against this organization's data, and it
     * would run as long again. A 503 invites clients (and proxies) to retry it as it is, each time
     * for the whole timeout; the 400 tells the caller to narrow it.
     */
    private <T> T timed(Supplier<T> reads) {
        long millis = settings.statementTimeout().toMillis();
        em.createNativeQuery("SELECT set_config('statement_timeout', ?1, true)")
                .setParameter(1, millis + "ms").getSingleResult();
        try {
            return reads.get();
        } catch (RuntimeException e) {
            if (!DataErrors.hasSqlState(e, QUERY_CANCELED)) {
                throw e;
            }
            throw new ApiException(400, "The query took longer than " + millis + " ms and was stopped: "
                    + "narrow it with more filters or a date_updated range.");
        }
    }


    public boolean showsData(Event event, boolean admin) {
        return SnapshotVisibility.shows(admin, event.getDateUpdated(), now());
    }

    private LocalDateTime retentionCutoff() {
        return now().minus(retention.retention());
    }

    private LocalDateTime now() {
        return Timestamps.toUtc(clock.instant());
    }

    private static void equal(StringBuilder jpql, Map<String, Object> params, String field, String value) {
        if (value != null) {
            jpql.append(" and e.").append(field).append(" = :").append(field);
            params.put(field, value);
        }
    }

    private static void compare(StringBuilder jpql, Map<String, Object> params, String field, String op,
                                String name, LocalDateTime value) {
        if (value != null) {
            jpql.append(" and e.").append(field).append(' ').append(op).append(" :").append(name);
            params.put(name, value);
        }
    }
}
