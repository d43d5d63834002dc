package dev.eventlog.redelivery;

import dev.eventlog.attempt.AttemptLog;
import dev.eventlog.delivery.AttemptOutcome;
import dev.eventlog.delivery.Backlog;
import dev.eventlog.delivery.WebhookRequest;
import dev.eventlog.delivery.WebhookRequests;
import dev.eventlog.delivery.WebhookSender;
import dev.eventlog.platform.db.DataErrors;
import dev.eventlog.platform.error.ApiException;
import dev.eventlog.platform.id.Ids;
import dev.eventlog.platform.time.Timestamps;
import dev.eventlog.webhook.WebhookSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A test delivery: a made-up event signed and POSTed as any delivery is (the target checked the
 * same way: no private addresses), once, with no retry, and logged among the subscription's
 * attempts. It touches neither the backlog nor the subscription's health: a failing test does not
 * count towards a pause.
 */
@ApplicationScoped
public class TestDeliveries {

    private static final Logger LOG = Logger.getLogger(TestDeliveries.class.getName());

    /** What the attempt was of, for the log: a delivery id of its own and the test event's id. */
    record Sent(Backlog.Claimed delivery, CompletableFuture<AttemptOutcome> answer) {
    }

    @Inject
    WebhookRequests requests;

    @Inject
    WebhookSender sender;

    @Inject
    AttemptLog attempts;

    @Inject
    Clock clock;

    /** Sends the test event; the answer completes when the receiver has answered or timed out. */
    Sent send(WebhookSubscription subscription, String userId) {
        LocalDateTime now = Timestamps.toUtc(clock.instant());
        Backlog.Claimed delivery = new Backlog.Claimed(Ids.newId("whdel_", clock), subscription.getId(),
                Ids.newId("ev_", clock), 0, now);
        WebhookRequest request = requests.prepare(subscription.getId(), delivery.id(),
                TestEventJson.of(subscription, delivery.eventId(), userId, now)).orElseThrow(ApiException::notFound);
        CompletableFuture<AttemptOutcome> answer;
        try {
            answer = sender.post(request);
        } catch (RuntimeException notSent) {
            answer = CompletableFuture.completedFuture(AttemptOutcome.notSent("Not sent: " + notSent.getClass().getSimpleName()));
        }
        return new Sent(delivery, answer);
    }

    /**
     * Logs the attempt and returns it as the attempt log shows it. A text PostgreSQL refuses (a
     * receiver may answer anything) is replaced by a placeholder, as for any attempt.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public JsonObject record(Backlog.Claimed delivery, AttemptOutcome outcome) {
        String id = attempts.record(delivery, Timestamps.toUtc(clock.instant()),
                outcome.succeeded() ? AttemptLog.SUCCESS : AttemptLog.FAILURE, outcome);
        return attempts.find(delivery.subscriptionId(), id).orElseThrow();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public JsonObject recordWithoutTexts(Backlog.Claimed delivery, AttemptOutcome outcome, RuntimeException refused) {
        if (!DataErrors.isDataError(refused)) {
            throw refused;
        }
        LOG.log(Level.INFO, "The answer to test delivery " + delivery.id() + " could not be stored as it came", refused);
        return record(delivery, outcome.withoutTexts());
    }
}
