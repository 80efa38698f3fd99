-- Production hardening: idempotency keys with an owner, shared rate limits,
-- emails stored normalised (NFC, trimmed, lower-case) by the application.

-- A key belongs to the request that claimed it (`owner`, a random token). Its effects
-- commit only in a transaction that still finds the key running under that owner,
-- with the row locked: a takeover after `claimed_at` + the takeover time cannot run twice.
ALTER TABLE idempotency_keys ADD COLUMN owner TEXT;
ALTER TABLE idempotency_keys ADD COLUMN claimed_at TIMESTAMPTZ NOT NULL DEFAULT now();
UPDATE idempotency_keys SET claimed_at = created_at;

-- Rate limits shared by every replica: one row per limited key (e.g. signup:203.0.113.7),
-- holding the GCRA "theoretical arrival time". A row in the past is a full bucket.
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  tat TIMESTAMPTZ NOT NULL
);
CREATE INDEX rate_limits_tat_idx ON rate_limits (tat);

-- Emails are normalised in the application (the same on PGlite and PostgreSQL, whatever
-- the collation): compare them as they are.
UPDATE members SET email = lower(btrim(normalize(email, NFC)));
DROP INDEX members_email_key;
CREATE UNIQUE INDEX members_email_key ON members (program_key, email);
