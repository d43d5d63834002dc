-- Tenancy, credentials and the partitioned event log.
-- Ids are compared and sorted byte-wise (COLLATE "C") so that time-ordered ids sort by time.

CREATE TABLE organization (
    id           text COLLATE "C" PRIMARY KEY,
    name         text      NOT NULL,
    date_created timestamp NOT NULL
);

CREATE TABLE app_user (
    id              text COLLATE "C" PRIMARY KEY,
    organization_id text COLLATE "C" NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    email           text      NOT NULL,
    name            text,
    role            text      NOT NULL CHECK (role IN ('admin', 'user')),
    date_created    timestamp NOT NULL,
    UNIQUE (organization_id, email)
);

-- Only a SHA-256 of each key is kept: keys are 256-bit random strings, so a fast hash is enough
-- (no dictionary to guard against) and lets authentication be a single index lookup.
CREATE TABLE api_key (
    id              text COLLATE "C" PRIMARY KEY,
    key_hash        text      NOT NULL UNIQUE,
    kind            text      NOT NULL CHECK (kind IN ('api', 'ingest')),
    user_id         text COLLATE "C" REFERENCES app_user (id) ON DELETE CASCADE,
    organization_id text COLLATE "C" REFERENCES organization (id) ON DELETE CASCADE,
    description     text,
    date_created    timestamp NOT NULL,
    date_revoked    timestamp,
    CHECK ((kind = 'api') = (user_id IS NOT NULL AND organization_id IS NOT NULL))
);

-- One partition a day (created ahead by the retention timer); retention drops whole partitions.
-- PostgreSQL requires the partition key in every unique constraint, hence (id, date_created);
-- ingest keeps id unique on its own (an advisory lock per id, then an existence check).
CREATE TABLE event (
    id                text COLLATE "C" NOT NULL,
    organization_id   text COLLATE "C" NOT NULL,
    user_id           text,
    request_id        text,
    api_key_id        text,
    lead_id           text,
    object_type       text      NOT NULL,
    object_id         text      NOT NULL,
    action            text      NOT NULL,
    data              jsonb,
    previous_data     jsonb,
    changed_fields    jsonb     NOT NULL DEFAULT '[]',
    meta              jsonb,
    internal_metadata jsonb,
    -- false when internal_metadata hides the event from the Event Log API (customer_visible: false,
    -- or "event_log" among ignored_consumers); kept as a column so list queries filter in the index.
    visible_in_log    boolean   NOT NULL DEFAULT true,
    date_created      timestamp NOT NULL,
    date_updated      timestamp NOT NULL,
    PRIMARY KEY (id, date_created)
) PARTITION BY RANGE (date_created);

-- The Event Log API lists newest first by (date_updated, id) within one organization, optionally
-- narrowed by one of these columns; each index serves one filter with an ordered index scan.
CREATE INDEX event_org_updated ON event (organization_id, date_updated DESC, id DESC);
CREATE INDEX event_org_type_action_updated ON event (organization_id, object_type, action, date_updated DESC, id DESC);
CREATE INDEX event_org_object_updated ON event (organization_id, object_id, date_updated DESC, id DESC);
CREATE INDEX event_org_lead_updated ON event (organization_id, lead_id, date_updated DESC, id DESC) WHERE lead_id IS NOT NULL;
CREATE INDEX event_org_user_updated ON event (organization_id, user_id, date_updated DESC, id DESC) WHERE user_id IS NOT NULL;
CREATE INDEX event_org_request_updated ON event (organization_id, request_id, date_updated DESC, id DESC) WHERE request_id IS NOT NULL;
