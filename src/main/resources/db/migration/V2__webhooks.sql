-- Webhook subscriptions, the delivery backlog and the log of every attempt.

CREATE TABLE webhook_subscription (
    id                    text COLLATE "C" PRIMARY KEY,
    organization_id       text COLLATE "C" NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    url                   text      NOT NULL,
    events                jsonb     NOT NULL,
    verify_ssl            boolean   NOT NULL DEFAULT true,
    status                text      NOT NULL CHECK (status IN ('active', 'paused')),
    pause_reason          text,
    signature_key         text      NOT NULL,
    created_by            text,
    updated_by            text,
    date_created          timestamp NOT NULL,
    date_updated          timestamp NOT NULL,
    -- Health: start of the current run of failed attempts (null after a success), warnings sent
    -- for that run, whether the backlog warning went out, and the last error seen.
    failing_since         timestamp,
    failure_warnings_sent integer   NOT NULL DEFAULT 0,
    backlog_warned        boolean   NOT NULL DEFAULT false,
    latest_error          text
);
CREATE INDEX webhook_subscription_org ON webhook_subscription (organization_id, status);

-- The backlog: one row per (subscription, event). The unique key makes dispatch idempotent.
CREATE TABLE webhook_delivery (
    id               text COLLATE "C" PRIMARY KEY,
    subscription_id  text COLLATE "C" NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    event_id         text COLLATE "C" NOT NULL,
    status           text      NOT NULL CHECK (status IN ('pending', 'delivered', 'dropped')),
    attempts         integer   NOT NULL DEFAULT 0,
    first_attempt_at timestamp,
    next_attempt_at  timestamp NOT NULL,
    date_created     timestamp NOT NULL,
    UNIQUE (subscription_id, event_id)
);
-- Due work is found through the pending rows only; finished rows drop out of both indexes.
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_backlog ON webhook_delivery (subscription_id) WHERE status = 'pending';
CREATE INDEX webhook_delivery_finished ON webhook_delivery (date_created) WHERE status <> 'pending';

CREATE TABLE delivery_attempt (
    id              text COLLATE "C" PRIMARY KEY,
    subscription_id text COLLATE "C" NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    delivery_id     text COLLATE "C" NOT NULL,
    event_id        text COLLATE "C" NOT NULL,
    attempted_at    timestamp NOT NULL,
    outcome         text      NOT NULL CHECK (outcome IN ('success', 'failure', 'dropped')),
    status_code     integer,
    latency_ms      integer,
    error           text,
    response_body   text
);
CREATE INDEX delivery_attempt_subscription ON delivery_attempt (subscription_id, id DESC);
