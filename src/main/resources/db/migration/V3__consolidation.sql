-- Consolidation (DESIGN §3): bursts of updates to one object fold into one event.

-- True while an updated event may still absorb later updates of its burst; the dispatcher clears
-- it (under the same per-object lock the merge takes) when the event's webhook goes out, so an
-- update can never fold into an event whose webhook has already been sent.
ALTER TABLE event ADD COLUMN consolidating boolean NOT NULL DEFAULT false;
-- Per field, the earliest change seen and the value before it; null until the first merge.
ALTER TABLE event ADD COLUMN merge_state jsonb;

-- Ids of events folded into another one. A producer retrying, or a redelivered message, must not
-- merge the same update twice; the event table knows only the id of the event that stayed.
-- Kept as long as the events themselves (the retention timer purges it).
CREATE TABLE event_merged (
    id           text COLLATE "C" PRIMARY KEY,
    event_id     text COLLATE "C" NOT NULL,
    date_created timestamp NOT NULL
);
CREATE INDEX event_merged_date ON event_merged (date_created);
