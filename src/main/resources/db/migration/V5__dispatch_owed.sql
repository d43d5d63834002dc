-- The outbox of delayed dispatch. Updated and deleted events wait in the dispatch queue for the
-- consolidation window (DispatchDelay); their message commits with the rows only as the last
-- resource of a non-XA transaction, so a crash (or a lost commit reply) can leave the rows stored
-- and the message gone, and a redelivered ingest message then counts the events as duplicates.
-- A row here is written in the same transaction as its event and deleted by the dispatch that
-- sends it: what is left past its due time (plus a grace period) is dispatched by a timer
-- (DispatchSweep). Rows live only seconds, so the table stays as small as the dispatch queue.
CREATE TABLE dispatch_owed (
    event_id text COLLATE "C" PRIMARY KEY,
    due_at   timestamp NOT NULL
);
CREATE INDEX dispatch_owed_due ON dispatch_owed (due_at);
