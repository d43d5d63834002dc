-- The stream (DESIGN §11): every stored event, and every consolidation change to one, gets a
-- position (stream_tx, stream_seq) that internal consumers follow without ever skipping a row.
--
-- stream_tx is the id of the transaction that wrote this version of the row (pg_current_xact_id,
-- 64-bit, never wraps) and stream_seq a sequence number that orders rows within it. Readers only
-- take rows with stream_tx below the oldest transaction still in progress
-- (pg_snapshot_xmin(pg_current_snapshot())): every transaction below that line has ended, so no
-- row can ever appear there again, while a row written later always gets a transaction id at or
-- above it. Reading in (stream_tx, stream_seq) order up to that line therefore never passes a row
-- that may still commit. date_logged is when this version was written, by the database's clock:
-- what a replay "from a time" starts at.

CREATE SEQUENCE event_stream_seq;

-- Rows stored before this migration come first, in the order the Event Log API shows them.
ALTER TABLE event ADD COLUMN stream_tx bigint NOT NULL DEFAULT 0;
ALTER TABLE event ADD COLUMN stream_seq bigint;
ALTER TABLE event ADD COLUMN date_logged timestamp;
UPDATE event e SET stream_seq = o.n, date_logged = e.date_updated
  FROM (SELECT id, date_created, row_number() OVER (ORDER BY date_updated, id) AS n FROM event) o
 WHERE e.id = o.id AND e.date_created = o.date_created;
SELECT setval('event_stream_seq', coalesce((SELECT max(stream_seq) FROM event), 0) + 1, false);

ALTER TABLE event ALTER COLUMN stream_tx SET DEFAULT (pg_current_xact_id()::text::bigint);
ALTER TABLE event ALTER COLUMN stream_seq SET DEFAULT nextval('event_stream_seq');
ALTER TABLE event ALTER COLUMN stream_seq SET NOT NULL;
ALTER TABLE event ALTER COLUMN date_logged SET DEFAULT (clock_timestamp() AT TIME ZONE 'UTC');
ALTER TABLE event ALTER COLUMN date_logged SET NOT NULL;

-- A change to what a reader sees (a merge, whichever code path makes it) moves the row to a new
-- position in the writing transaction, so a consumer that read the first version reads the new
-- one too. Closing a burst (consolidating, merge_state) is bookkeeping and keeps the position.
CREATE FUNCTION event_stream_restamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.stream_tx := pg_current_xact_id()::text::bigint;
    NEW.stream_seq := nextval('event_stream_seq');
    NEW.date_logged := clock_timestamp() AT TIME ZONE 'UTC';
    RETURN NEW;
END
$$;
CREATE TRIGGER event_stream_restamp BEFORE UPDATE ON event FOR EACH ROW
    WHEN ((OLD.data, OLD.previous_data, OLD.changed_fields, OLD.meta, OLD.internal_metadata, OLD.date_updated,
           OLD.user_id, OLD.request_id, OLD.api_key_id, OLD.lead_id, OLD.action, OLD.visible_in_log)
          IS DISTINCT FROM
          (NEW.data, NEW.previous_data, NEW.changed_fields, NEW.meta, NEW.internal_metadata, NEW.date_updated,
           NEW.user_id, NEW.request_id, NEW.api_key_id, NEW.lead_id, NEW.action, NEW.visible_in_log))
    EXECUTE FUNCTION event_stream_restamp();

-- The stream across organizations, and one organization's (a consumer key scoped to it).
CREATE INDEX event_stream ON event (stream_tx, stream_seq);
CREATE INDEX event_org_stream ON event (organization_id, stream_tx, stream_seq);

-- Every few seconds, where the line of finished transactions stood: a change logged at or after
-- `at` has a position at or after (horizon_tx, 0), so resolving a time to a position scans from
-- the last mark before it instead of from the start of the log. Purged with retention.
CREATE TABLE stream_mark (
    at         timestamp PRIMARY KEY,
    horizon_tx bigint NOT NULL
);

-- Named consumers and the position each has committed (it has processed everything up to and
-- including it). organization_id narrows a consumer to one organization; options_key names its
-- entry in processing_options (e.g. indexing_options), passed to it with each event.
CREATE TABLE stream_consumer (
    name                  text COLLATE "C" PRIMARY KEY,
    organization_id       text COLLATE "C" REFERENCES organization (id) ON DELETE CASCADE,
    options_key           text,
    description           text,
    position_tx           bigint    NOT NULL,
    position_seq          bigint    NOT NULL,
    date_created          timestamp NOT NULL,
    date_position_updated timestamp NOT NULL
);

-- The JMS feed's own position: where the relay that publishes the stream to the topic stands.
CREATE TABLE stream_feed (
    name         text PRIMARY KEY,
    position_tx  bigint    NOT NULL,
    position_seq bigint    NOT NULL,
    date_updated timestamp NOT NULL
);

-- Consumer keys read the stream (all organizations, or the one they are issued for).
ALTER TABLE api_key DROP CONSTRAINT api_key_kind_check;
ALTER TABLE api_key ADD CONSTRAINT api_key_kind_check CHECK (kind IN ('api', 'ingest', 'consumer'));
CREATE INDEX api_key_consumer ON api_key (id) WHERE kind = 'consumer';
