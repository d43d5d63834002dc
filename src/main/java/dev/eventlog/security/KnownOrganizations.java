package dev.eventlog.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which organizations exist, for ingest: an event of an organization that does not exist would be
 * stored where no key can ever read it. Organizations are never deleted, so an id once found stays
 * known (the common case costs no query); an id not found is looked up again next time, since it
 * may be created in the meantime.
 */
@ApplicationScoped
public class KnownOrganizations {

    @PersistenceContext
    EntityManager em;

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** The ids among {@code organizationIds} that name no organization, sorted. */
    public Set<String> unknownAmong(Collection<String> organizationIds) {
        Set<String> unknown = new TreeSet<>();
        for (String id : organizationIds) {
            if (id != null && !known.contains(id)) {
                unknown.add(id);
            }
        }
        if (unknown.isEmpty()) {
            return unknown;
        }
        @SuppressWarnings("unchecked")
        List<String> found = em.createNativeQuery("SELECT id FROM organization "
                        + "WHERE id = ANY (string_to_array(CAST(?1 AS text), ',') COLLATE \"C\")")
                .setParameter(1, String.join(",", unknown))
                .getResultList();
        known.addAll(found);
        found.forEach(unknown::remove);
        return unknown;
    }
}
