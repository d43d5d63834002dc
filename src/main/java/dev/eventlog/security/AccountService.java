package dev.eventlog.security;

import dev.eventlog.platform.db.AdvisoryLocks;
import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.error.FieldErrors;
import dev.eventlog.platform.id.Ids;
import dev.eventlog.platform.time.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/** Organizations, their users and the keys they authenticate with. */
@ApplicationScoped
@Transactional
public class AccountService {

    /** Hex digits of a secret kept in the clear (24 of its 256 bits): enough to tell keys apart. */
    static final int KEY_PREFIX_HEX_DIGITS = 6;

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    jakarta.enterprise.event.Event<UserDeactivated> deactivated;

    @Inject
    KeyUsage usage;

    public Organization createOrganization(String id, String name) {
        String orgId = id != null ? id : Ids.newId("orga_", clock);
        if (em.find(Organization.class, orgId) != null) {
            throw new ApiException(409, "An organization with id " + orgId + " already exists.");
        }
        Organization org = new Organization(orgId, name, now());
        em.persist(org);
        return org;
    }

    public AppUser createUser(String organizationId, String email, String name, Role role) {
        if (em.find(Organization.class, organizationId) == null) {
            throw ApiException.notFound();
        }
        boolean taken = !em.createQuery(
                        "select u.id from AppUser u where u.organizationId = :org and u.email = :email "
                                + "and u.dateDeactivated is null", String.class)
                .setParameter("org", organizationId).setParameter("email", email)
                .getResultList().isEmpty();
        if (taken) {
            throw new ApiException(409, "A user with email " + email + " already exists in this organization.");
        }
        AppUser user = new AppUser(Ids.newId("user_", clock), organizationId, email, name, role, now());
        em.persist(user);
        return user;
    }

    public List<AppUser> listUsers(String organizationId) {
        return em.createQuery("select u from AppUser u where u.organizationId = :org order by u.id", AppUser.class)
                .setParameter("org", organizationId)
                .getResultList();
    }

    public Optional<AppUser> findUser(String organizationId, String userId) {
        return Optional.ofNullable(em.find(AppUser.class, userId))
                .filter(u -> u.getOrganizationId().equals(organizationId));
    }

    public IssuedKey issueApiKey(AppUser user, String description) {
        return issue("api_", ApiKey.KIND_API, user.getId(), user.getOrganizationId(), description);
    }

    public IssuedKey issueIngestKey(String description) {
        return issue("ingest_", ApiKey.KIND_INGEST, null, null, description);
    }

    public List<ApiKey> listKeys(String userId) {
        return em.createQuery("select k from ApiKey k where k.userId = :user order by k.id", ApiKey.class)
                .setParameter("user", userId)
                .getResultList();
    }

    /** The keys of one user of the organization; another organization's user is unknown. */
    public List<ApiKey> listKeys(String organizationId, String userId) {
        AppUser user = findUser(organizationId, userId).orElseThrow(ApiException::notFound);
        return listKeys(user.getId());
    }

    /**
     * A consumer's key: reads the stream of every organization, or of {@code organizationId} only
     * (package stream). The organization must exist, so a typo cannot make a key that reads nothing.
     */
    public IssuedKey issueConsumerKey(String description, String organizationId) {
        if (organizationId != null && em.find(Organization.class, organizationId) == null) {
            FieldErrors errors = new FieldErrors();
            errors.add("organization_id", "No such organization.");
            errors.throwIfAny();
        }
        return issue("consumer_", ApiKey.KIND_CONSUMER, null, organizationId, description);
    }

    /** The operator's keys of one kind (ingest or consumer), revoked ones included. */
    public List<ApiKey> listOperatorKeys(String kind) {
        return em.createQuery("select k from ApiKey k where k.kind = :kind order by k.id", ApiKey.class)
                .setParameter("kind", kind)
                .getResultList();
    }

    /** Revokes an ingest or consumer key; a key of another kind is as unknown here as one that does not exist. */
    public void revokeOperatorKey(String kind, String keyId) {
        ApiKey key = em.find(ApiKey.class, keyId);
        if (key == null || !kind.equals(key.getKind())) {
            throw ApiException.notFound();
        }
        if (!key.isRevoked()) {
            key.revoke(now());
        }
    }

    /**
     * Changes a user's role and/or deactivates them. Deactivation revokes every live key of the
     * user in the same transaction and tells the subscriptions they created (UserDeactivated). The
     * organization keeps at least one active admin: without one nobody could manage its users,
     * keys or webhooks, and only the operator could make a new organization.
     */
    public AppUser changeUser(String organizationId, String userId, Role role, boolean deactivate, String byUserId) {
        // Two admins demoting each other at once must not both pass the last-admin check.
        AdvisoryLocks.lock(em, List.of("admins of " + organizationId));
        AppUser user = findUser(organizationId, userId).orElseThrow(ApiException::notFound);
        em.refresh(user);
        if (!user.isActive()) {
            throw new ApiException(409, "This user is deactivated and cannot be changed.");
        }
        boolean losesAdmin = user.getRole() == Role.ADMIN && (deactivate || (role != null && role != Role.ADMIN));
        if (losesAdmin && activeAdmins(organizationId) <= 1) {
            throw new ApiException(409, "The organization's last active admin cannot be demoted or deactivated; "
                    + "make another user admin first.");
        }
        if (role != null) {
            user.setRole(role);
        }
        if (deactivate) {
            LocalDateTime now = now();
            user.deactivate(now);
            em.createQuery("update ApiKey k set k.dateRevoked = :now where k.userId = :user and k.dateRevoked is null")
                    .setParameter("now", now).setParameter("user", user.getId())
                    .executeUpdate();
            deactivated.fire(new UserDeactivated(organizationId, user.getId(), byUserId, now));
        }
        return user;
    }

    private long activeAdmins(String organizationId) {
        return em.createQuery("select count(u) from AppUser u where u.organizationId = :org and u.role = :admin "
                        + "and u.dateDeactivated is null", Long.class)
                .setParameter("org", organizationId).setParameter("admin", Role.ADMIN)
                .getSingleResult();
    }

    /** Revokes one of the organization's keys; another organization's key id is simply unknown. */
    public void revokeKey(String organizationId, String keyId) {
        ApiKey key = em.find(ApiKey.class, keyId);
        if (key == null || !organizationId.equals(key.getOrganizationId())) {
            throw ApiException.notFound();
        }
        if (!key.isRevoked()) {
            key.revoke(now());
        }
    }

    /** The live key with this secret and, for API keys, its user. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Authenticated> authenticate(String secret) {
        List<ApiKey> keys = em.createQuery(
                        "select k from ApiKey k where k.keyHash = :hash and k.dateRevoked is null", ApiKey.class)
                .setParameter("hash", KeyHash.of(secret))
                .getResultList();
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        ApiKey key = keys.get(0);
        AppUser user = key.getUserId() == null ? null : em.find(AppUser.class, key.getUserId());
        // Deactivation revokes the keys too; this holds even for a key issued in a race with it.
        if (key.getUserId() != null && (user == null || !user.isActive())) {
            return Optional.empty();
        }
        usage.recordIfDue(key);
        return Optional.of(new Authenticated(key, user));
    }

    private IssuedKey issue(String prefix, String kind, String userId, String organizationId, String description) {
        String secret = prefix + Ids.randomToken(32);
        ApiKey key = new ApiKey(Ids.newId("key_", clock), KeyHash.of(secret), kind, userId, organizationId,
                secret.substring(0, prefix.length() + KEY_PREFIX_HEX_DIGITS), description, now());
        em.persist(key);
        return new IssuedKey(key, secret);
    }

    /**
     * To the microsecond PostgreSQL keeps: the answer that creates a row shows this value, and a
     * finer one is rounded when stored, so a later read could differ from it by a microsecond.
     */
    private LocalDateTime now() {
        return Timestamps.truncate(Timestamps.toUtc(clock.instant()));
    }

    /** A key that matched, with the user it belongs to (null for ingest keys). */
    public record Authenticated(ApiKey key, AppUser user) {
    }
}
