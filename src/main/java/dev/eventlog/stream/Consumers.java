package dev.eventlog.stream;

import dev.eventlog.platform.db.AdvisoryLocks;
import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.security.Organization;
import dev.eventlog.stream.ConsumerRequests.NewConsumer;
import dev.eventlog.stream.ConsumerRequests.Start;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Named consumers and their committed positions. {@code scope} is the caller's organization (a
 * consumer key issued for one) or null (a key for all): a consumer of another organization is
 * unknown to a scoped key, exactly like one that does not exist.
 */
@ApplicationScoped
@Transactional
public class Consumers {

    @PersistenceContext
    EntityManager em;

    @Inject
    StreamReader reader;

    @Inject
    Clock clock;

    public StreamConsumer register(String scope, NewConsumer request) {
        String organizationId = request.organizationId() != null ? request.organizationId() : scope;
        if (scope != null && !scope.equals(organizationId)) {
            throw ApiException.forbidden("This consumer key reads organization " + scope + " only.");
        }
        if (organizationId != null && em.find(Organization.class, organizationId) == null) {
            FieldErrors errors = new FieldErrors();
            errors.add("organization_id", "No such organization.");
            errors.throwIfAny();
        }
        // Two registrations of one name at once: the second waits for the first and then sees it.
        AdvisoryLocks.lock(em, List.of("stream-consumer\u001F" + request.name()));
        if (em.find(StreamConsumer.class, request.name()) != null) {
            throw new ApiException(409, "A consumer named '" + request.name() + "' exists.");
        }
        StreamConsumer consumer = new StreamConsumer(request.name(), organizationId, request.optionsKey(),
                request.description(), resolve(request.start()), now());
        em.persist(consumer);
        return consumer;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StreamConsumer> list(String scope) {
        if (scope == null) {
            return em.createQuery("select c from StreamConsumer c order by c.name", StreamConsumer.class).getResultList();
        }
        return em.createQuery("select c from StreamConsumer c where c.organizationId = :scope order by c.name", StreamConsumer.class)
                .setParameter("scope", scope)
                .getResultList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public StreamConsumer find(String scope, String name) {
        StreamConsumer consumer = em.find(StreamConsumer.class, name);
        if (consumer == null || (scope != null && !scope.equals(consumer.getOrganizationId()))) {
            throw ApiException.notFound();
        }
        return consumer;
    }

    /** Commits a position, or moves the consumer back (or ahead) to replay from a position or time. */
    public StreamConsumer move(String scope, String name, Start to) {
        StreamConsumer consumer = find(scope, name);
        em.lock(consumer, LockModeType.PESSIMISTIC_WRITE);
        consumer.moveTo(resolve(to), now());
        return consumer;
    }

    public void delete(String scope, String name) {
        em.remove(find(scope, name));
    }

    private StreamPosition resolve(Start start) {
        if (start.position() != null) {
            return start.position();
        }
        if (start.at() != null) {
            return reader.positionAt(start.at());
        }
        return reader.head();
    }

    private LocalDateTime now() {
        return Timestamps.truncate(Timestamps.toUtc(clock.instant()));
    }
}
