package dev.eventlog.delivery;

import dev.eventlog.platform.db.DataErrors;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import dev.eventlog.platform.lifecycle.ShutdownGate;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs attempts: claim the delivery, POST it asynchronously (the sender checks the target again:
 * DNS may have changed since the subscription was made) and record how it went. Called by the
 * delivery queue for first attempts and by the retry timer for everything due.
 */
@ApplicationScoped
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class.getName());

    @Inject
    DeliverySteps steps;

    @Inject
    WebhookSender sender;

    @Inject
    InFlightLimiter inFlight;

    @Inject
    DeliverySettings deliverySettings;

    @Inject
    WaitingDeliveries waiting;

    @Inject
    WebhookRequests requests;

    @Inject
    WebhookPayloads payloads;

    @Inject
    SubscriptionTargets targets;

    @Inject
    SuccessRecorder successes;

    @Inject
    FailureRecorder failures;

    @Resource
    ManagedExecutorService executor;

    @Inject
    ShutdownGate gate;

    @Resource
    ContextService context;

    /** First attempts of a delivery message's deliveries (those not taken by the retry timer meanwhile). */
    public void attemptNow(List<String> deliveryIds) {
        startAll(steps.claim(deliveryIds));
    }

    /** First attempts of deliveries this node wrote claimed (FirstAttempts). */
    public void startClaimed(List<Backlog.Claimed> claimed) {
        startAll(claimed);
    }

    /**
     * @return true when it claimed some and started them all (or they wait on this node for a
     *         slot): more may be due right now, and there is room for it
     */
    public boolean attemptDue(int limit, int perSubscription) {
        List<Backlog.Claimed> claimed = steps.claimDue(limit, perSubscription);
        return !claimed.isEmpty() && startAll(claimed) == claimed.size();
    }

    /** @return how many were started or wait for a slot; the rest are postponed, in one statement */
    private int startAll(List<Backlog.Claimed> claimed) {
        // Events that dispatch did not leave on this node (retries, another node's dispatch): one read for all.
        try {
            payloads.preload(claimed.stream().map(Backlog.Claimed::eventId).toList());
        } catch (RuntimeException e) {
            if (!DataErrors.isDataError(e)) {
                throw e; // the claims run out and the retry timer takes the batch up again
            }
            // An event that cannot be read fails the whole read: each delivery then reads its own
            // event, and those that cannot be read are dropped one by one (send).
            LOG.log(Level.WARNING, "Could not read the events of " + claimed.size() + " deliveries at once", e);
        }
        List<Backlog.Claimed> overflow = new ArrayList<>();
        for (Backlog.Claimed delivery : claimed) {
            if (!start(delivery)) {
                overflow.add(delivery);
            }
        }
        if (!overflow.isEmpty()) {
            steps.postpone(overflow);
        }
        return claimed.size() - overflow.size();
    }

    /**
     * @return false when the subscription has as many requests in flight and waiting as it may, or
     *         this node has no share of its ceiling: postponed then, for the retry timer of a node
     *         that has one (every node's timer claims due deliveries)
     */
    private boolean start(Backlog.Claimed delivery) {
        String subscription = delivery.subscriptionId();
        if (!inFlight.mayStart(subscription)) {
            return false;
        }
        if (inFlight.tryAcquire(subscription)) {
            send(delivery);
            return true;
        }
        if (!waiting.offer(delivery, System.nanoTime())) {
            return false;
        }
        // Every slot may have been freed between the failed acquire and the offer, with no request
        // left to hand its slot on: then this thread takes the slot and passes it on itself.
        if (inFlight.tryAcquire(subscription)) {
            passOn(subscription);
        }
        return true;
    }

    /**
     * A delivery that waited may belong to a subscription paused meanwhile: it is not sent, and its
     * claim's lease runs out, so it stays in the backlog until the subscription is resumed.
     */
    private void sendWaited(Backlog.Claimed delivery) {
        boolean active;
        try {
            active = targets.isActive(delivery.subscriptionId());
        } catch (RuntimeException e) {
            unsendable(delivery, e);
            active = false;
        }
        if (active) {
            send(delivery);
        } else {
            passOn(delivery.subscriptionId());
        }
    }

    /**
     * Sends a delivery whose subscription slot the caller holds; the slot is passed on or released.
     * Never throws: it runs for the deliveries of a whole batch, and on the way of other
     * deliveries' answers (passOn), which one delivery's bad data must not stop.
     */
    private void send(Backlog.Claimed delivery) {
        boolean handedOff = false;
        try {
            Optional<WebhookRequest> request = requests.prepare(delivery);
            if (request.isEmpty()) {
                steps.drop(delivery, "Dropped: the event or the subscription no longer exists");
                return;
            }
            // The sender checks the target (resolving it off this thread) and connects to the address
            // it checked; a refusal comes back as a not-sent outcome.
            CompletableFuture<AttemptOutcome> answer;
            try {
                answer = sender.post(request.get());
            } catch (RuntimeException notSent) {
                failures.failed(delivery, AttemptOutcome.notSent("Not sent: " + describe(notSent)));
                return;
            }
            // The answer arrives on an HTTP client thread, outside the application: the callback is
            // made contextual here and run on a managed thread, where transactions work.
            answer.whenCompleteAsync(
                    context.contextualConsumer((AttemptOutcome outcome, Throwable error) -> finish(delivery, outcome, error)),
                    executor);
            handedOff = true;
        } catch (RuntimeException e) {
            unsendable(delivery, e);
        } finally {
            if (!handedOff) {
                passOn(delivery.subscriptionId());
            }
        }
    }

    /**
     * Its event or subscription could not be read. On bad data that will not change, the delivery
     * is dropped with the reason in the attempt log rather than claimed again at every lease; on
     * a transient fault the lease runs out and the retry timer tries again.
     */
    private void unsendable(Backlog.Claimed delivery, RuntimeException e) {
        if (!DataErrors.isDataError(e)) {
            LOG.log(Level.WARNING, "Could not prepare delivery " + delivery.id() + "; it is tried again", e);
            return;
        }
        LOG.log(Level.WARNING, "Dropping delivery " + delivery.id() + ": its event or subscription cannot be read", e);
        try {
            steps.drop(delivery, "Dropped: the event or the subscription cannot be read (" + describe(e) + ")");
        } catch (RuntimeException notDropped) {
            LOG.log(Level.SEVERE, "Could not drop delivery " + delivery.id() + "; it is tried again", notDropped);
        }
    }

    /**
     * A slot of the subscription is free: the next waiting delivery takes it, or it is released
     * (also when the subscription's limit has fallen below its requests in flight).
     */
    private void passOn(String subscription) {
        if (!inFlight.keepSlot(subscription)) {
            return;
        }
        Backlog.Claimed next = waiting.poll(subscription, System.nanoTime(), maxWaitNanos());
        if (next != null) {
            sendWaited(next);
            return;
        }
        inFlight.release(subscription);
        // A delivery offered just before the release would otherwise wait for a request that never comes.
        if (!waiting.isEmpty(subscription) && inFlight.tryAcquire(subscription)) {
            passOn(subscription);
        }
    }

    /** A waiting delivery older than half its claim's lease is left to the retry timer. */
    private long maxWaitNanos() {
        return deliverySettings.lease().toNanos() / 2;
    }

    private void finish(Backlog.Claimed delivery, AttemptOutcome outcome, Throwable error) {
        // Past the application's shutdown the claim's lease runs out instead, and the retry timer
        // sends it again (ShutdownGate).
        gate.run(() -> record(delivery, outcome, error));
    }

    private void record(Backlog.Claimed delivery, AttemptOutcome outcome, Throwable error) {
        AttemptOutcome result = outcome != null ? outcome : AttemptOutcome.notSent(String.valueOf(error));
        String subscription = delivery.subscriptionId();
        boolean oneMore = inFlight.onAnswer(subscription, result, !waiting.isEmpty(subscription));
        if (result.succeeded()) {
            // The slot goes on first: the record may wait for the batch being written.
            passOn(subscription);
            startAnother(subscription, oneMore);
            successes.succeeded(delivery, result);
            return;
        }
        failures.failed(delivery, result);
        passOn(subscription);
    }

    /** The innermost cause, which says what was wrong, for the attempt log. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** The subscription's limit grew: a waiting delivery takes the new slot. */
    private void startAnother(String subscription, boolean limitGrew) {
        if (limitGrew && inFlight.tryAcquire(subscription)) {
            passOn(subscription);
        }
    }
}
