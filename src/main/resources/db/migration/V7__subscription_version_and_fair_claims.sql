-- Optimistic versioning of subscriptions (WebhookSubscription.version): a change written from a
-- stale read fails instead of silently undoing another, such as a pause by the health check.
ALTER TABLE webhook_subscription ADD COLUMN version bigint NOT NULL DEFAULT 0;

-- The retry timer claims each subscription's oldest due deliveries in turns (Backlog.claimDue):
-- one short range of this index per active subscription instead of a sort of all its backlog.
CREATE INDEX webhook_delivery_due_by_subscription ON webhook_delivery (subscription_id, next_attempt_at)
    WHERE status = 'pending';
