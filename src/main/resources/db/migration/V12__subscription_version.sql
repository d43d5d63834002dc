-- One counter of subscription changes for the whole cluster (issue 13): every transaction that
-- changes a subscription (the API, a pause by the health check or a 410, a creator's deactivation)
-- adds one to it before it commits, and dispatch reads it once per transaction, so an
-- organization's subscriptions cached on any node are read again as soon as a change has
-- committed anywhere, not up to a second later.
CREATE TABLE subscription_version (
    id      integer PRIMARY KEY CHECK (id = 1),
    version bigint  NOT NULL
);
INSERT INTO subscription_version (id, version) VALUES (1, 0);
