-- The generated system token, shared by every node (issue 13): without eventlog.system-token the
-- first node to start stores the SHA-256 of the token it made (INSERT ... ON CONFLICT DO NOTHING)
-- and writes the token to its server log; every other node, and every later start, reads this row
-- and accepts the same token. Only the hash is kept. A configured token stores nothing here.
-- DELETE FROM system_token and restart a node to have a new one made.
CREATE TABLE system_token (
    id          integer   PRIMARY KEY CHECK (id = 1),
    token_hash  text      NOT NULL,
    created_by  text      NOT NULL,
    date_created timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
