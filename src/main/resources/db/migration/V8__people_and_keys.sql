-- People and keys: users are deactivated, never deleted, and keys are revoked, never deleted, so
-- that events' user_id, subscriptions' created_by and who-held-which-key stay answerable.
ALTER TABLE app_user ADD COLUMN date_deactivated timestamp;
-- An email is taken by the organization's active user only, so a person whose account was
-- deactivated can be added again (as a new user, with new keys).
ALTER TABLE app_user DROP CONSTRAINT app_user_organization_id_email_key;
CREATE UNIQUE INDEX app_user_active_email ON app_user (organization_id, email) WHERE date_deactivated IS NULL;

-- key_prefix: the first characters of the secret (its kind and 6 of its 64 hex digits, 24 of 256
-- bits), so an operator can tell which key a producer has configured without the secret ever
-- being shown again; null for keys issued before it was kept. date_last_used: written at most
-- once a minute per key, so it says which keys are stale, not an audit of every request.
ALTER TABLE api_key ADD COLUMN key_prefix text, ADD COLUMN date_last_used timestamp;

-- Listing a user's keys (and revoking them at deactivation), and the operator's ingest keys.
CREATE INDEX api_key_user ON api_key (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX api_key_ingest ON api_key (id) WHERE kind = 'ingest';
