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
ALTER TABLE webhook_delivery ADD COLUMN IF NOT EXISTS recovery_id text COLLATE "C";
CREATE INDEX IF NOT EXISTS webhook_delivery_recovery ON webhook_delivery (recovery_id, status)
    WHERE recovery_id IS NOT NULL;

-- Which events a subscription has received, for as long as the attempt log keeps them (a
-- delivered backlog row is purged after 4 days): a recovery skips them. Only successes are indexed.
--
-- Built in the migration's transaction, as every index here: it blocks recording attempts while
-- it is built (seconds per few million attempts). Not CONCURRENTLY: Flyway's PostgreSQL lock is
-- held in an open transaction, which such a build waits for (a hang), and nodes migrating at once
-- can deadlock on it. An installation with a large attempt log creates both indexes beforehand,
-- CONCURRENTLY, with these definitions (README, "Upgrading"); IF NOT EXISTS then skips them here.
CREATE INDEX IF NOT EXISTS delivery_attempt_delivered ON delivery_attempt (subscription_id, event_id)
    WHERE outcome = 'success';
