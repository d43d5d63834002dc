-- Webhook signatures (issue 14): a subscription signs the Close way (close-sig-*), the Standard
-- Webhooks way (webhook-id/-timestamp/-signature), or both, with the same 32-byte key in either
-- encoding. A rotation keeps the previous key valid until previous_key_expires_at, and deliveries
-- carry both keys' signatures meanwhile. key_generation counts the keys a subscription has had.
ALTER TABLE webhook_subscription
    ADD COLUMN signature_scheme text NOT NULL DEFAULT 'close' CHECK (signature_scheme IN ('close', 'standard', 'both')),
    ADD COLUMN key_generation integer NOT NULL DEFAULT 1,
    ADD COLUMN previous_signature_key text,
    ADD COLUMN previous_key_expires_at timestamp;

-- What signed each attempt: the scheme and the key generations, e.g. "both 2,1"; null for attempts
-- made before this was kept.
ALTER TABLE delivery_attempt ADD COLUMN signed_with text;
