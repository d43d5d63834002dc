package dev.eventlog.webhook;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * The cluster's count of subscription changes (subscription_version): how a node learns that a
 * subscription changed on another one before it dispatches an event the change concerns.
 *
 * <p>Written in the changing transaction itself, so the new count and the change commit together:
 * a dispatch that reads the new count also reads the change. Every subscription write fires
 * {@link SubscriptionsChanged} after its rows are written, so the counter's row is always the last
 * lock such a transaction takes, and two of them cannot deadlock on it. They do queue on it for
 * the rest of their (short) transactions: subscription changes are rare next to events.
 */
@ApplicationScoped
public class SubscriptionVersion {

    /** The count read by the current transaction, kept with it. */
    private static final Object READ = SubscriptionVersion.class.getName() + ".read";

    @PersistenceContext
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** Synchronous: runs in the transaction that changed the subscription, and fails with it. */
    public void bump(@Observes SubscriptionsChanged change) {
        em.createNativeQuery("UPDATE subscription_version SET version = version + 1 WHERE id = 1").executeUpdate();
    }

    /** The committed count, read once per transaction (a dispatch asks for each organization). */
    long current() {
        boolean inTransaction = transactions.getTransactionKey() != null;
        Object known = inTransaction ? transactions.getResource(READ) : null;
        if (known != null) {
            return (Long) known;
        }
        long version = ((Number) em.createNativeQuery("SELECT version FROM subscription_version WHERE id = 1")
                .getSingleResult()).longValue();
        if (inTransaction) {
            transactions.putResource(READ, version);
        }
        return version;
    }
}
