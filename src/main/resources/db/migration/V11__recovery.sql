-- Recovery (issue 14): re-sending a window of the log to one subscription, in the background.

-- One row per recovery: its window, where its scan has got to (keyset on date_updated, id) and
-- what it has counted. delivered/failed are counted from its deliveries while they are pending and
-- kept here once the last of them has finished (a finished delivery row is purged after 4 days).
CREATE TABLE webhook_recovery (
    id                text COLLATE "C" PRIMARY KEY,
    subscription_id   text COLLATE "C" NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    since             timestamp NOT NULL,
    until             timestamp NOT NULL,
    include_delivered boolean   NOT NULL,
    status            text      NOT NULL CHECK (status IN ('scanning', 'sending', 'finished', 'stopped')),
    stop_reason       text,
    cursor_updated    timestamp,
    cursor_id         text COLLATE "C",
    scanned           bigint    NOT NULL DEFAULT 0,
    matched           bigint    NOT NULL DEFAULT 0,
    skipped           bigint    NOT NULL DEFAULT 0,
    queued            bigint    NOT NULL DEFAULT 0,
    delivered         bigint,
    failed            bigint,
    created_by        text,
    date_created      timestamp NOT NULL,
    date_finished     timestamp
);
CREATE INDEX webhook_recovery_subscription ON webhook_recovery (subscription_id, id DESC);
CREATE INDEX webhook_recovery_unfinished ON webhook_recovery (id) WHERE status IN ('scanning', 'sending');

-- The recovery a delivery was (re)queued by: null for every delivery dispatch makes, so the
-- partial index holds only recoveries' rows (counted for progress, until they are purged).
ALTER TABLE webhook_delivery ADD COLUMN recovery_id text COLLATE "C";
CREATE INDEX webhook_delivery_recovery ON webhook_delivery (recovery_id, status) WHERE recovery_id IS NOT NULL;

-- Which events a subscription has received, for the whole 30 days the attempt log is kept (a
-- delivered backlog row is purged after 4): a recovery skips them. Only successes are indexed,
-- one entry per delivered event.
CREATE INDEX delivery_attempt_delivered ON delivery_attempt (subscription_id, event_id) WHERE outcome = 'success';
