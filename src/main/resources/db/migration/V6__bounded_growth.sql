-- Bounded growth (issue 11): attempts are kept for the retention period, and a deleted
-- subscription's rows go in bounded batches instead of one cascade.

-- The attempt log is a log: purged by age (the retention run, by id, which is time-ordered) and,
-- for a deleted subscription, by subscription batch by batch. Without the foreign key an attempt
-- that finishes after its subscription is gone is stored like any other (and purged with its
-- age) instead of failing the success batch it was written with.
ALTER TABLE delivery_attempt DROP CONSTRAINT IF EXISTS delivery_attempt_subscription_id_fkey;

-- Set when the API deletes a subscription: from then on it is paused and hidden, and its
-- deliveries and attempts are removed in batches; the row itself goes last.
ALTER TABLE webhook_subscription ADD COLUMN date_deleted timestamp;
CREATE INDEX webhook_subscription_deleted ON webhook_subscription (id) WHERE date_deleted IS NOT NULL;
