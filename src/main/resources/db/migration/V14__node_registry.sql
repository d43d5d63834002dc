-- The nodes sharing this database (issue 13): each upserts its row every 5 s (seen_at by the
-- database's clock), rows not seen for a minute are deleted by any node, and a node stopping
-- cleanly deletes its own. Nodes seen within 15 s are live; a limit meant for the cluster (a
-- subscription's concurrent requests) is shared out among them, ranked by id.
CREATE TABLE eventlog_node (
    id         text      COLLATE "C" PRIMARY KEY,
    host       text      NOT NULL,
    started_at timestamp NOT NULL,
    seen_at    timestamp NOT NULL
);
