-- Loyalkit reference server, schema v1. Runs on PostgreSQL and on PGlite.

CREATE TABLE members (
  id                TEXT PRIMARY KEY,
  program_key       TEXT NOT NULL,
  email             TEXT NOT NULL,
  -- The store's customer id (the `sub` of its tokens); NULL until a store token links it.
  customer_id       TEXT,
  name              TEXT,
  birthday          DATE,
  marketing         BOOLEAN NOT NULL DEFAULT FALSE,
  terms_accepted_at TIMESTAMPTZ NOT NULL,
  referral_code     TEXT NOT NULL,
  referred_by       TEXT REFERENCES members (id),
  created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX members_email_key ON members (program_key, lower(email));
CREATE UNIQUE INDEX members_customer_key ON members (program_key, customer_id) WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX members_referral_code_key ON members (program_key, referral_code);
CREATE INDEX members_referred_by_idx ON members (referred_by) WHERE referred_by IS NOT NULL;

-- Points are a ledger: a balance is the SUM of a member's entries, written only in transactions.
CREATE TABLE ledger (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id     TEXT NOT NULL REFERENCES members (id),
  type          TEXT NOT NULL CHECK (type IN ('signup', 'purchase', 'claim', 'redemption', 'referral', 'adjustment')),
  points        INTEGER NOT NULL CHECK (points <> 0),
  rule_id       TEXT,
  reward_id     TEXT,
  redemption_id TEXT,
  order_id      TEXT,
  -- For `referral`: the referred friend whose first purchase earned it.
  friend_id     TEXT REFERENCES members (id),
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ledger_member_idx ON ledger (member_id, id DESC);
CREATE UNIQUE INDEX ledger_order_key ON ledger (member_id, order_id) WHERE type = 'purchase' AND order_id IS NOT NULL;

CREATE TABLE redemptions (
  id         TEXT PRIMARY KEY,
  member_id  TEXT NOT NULL REFERENCES members (id),
  reward_id  TEXT NOT NULL,
  code       TEXT UNIQUE,
  points     INTEGER NOT NULL CHECK (points >= 0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX redemptions_member_idx ON redemptions (member_id, created_at DESC);

-- One row per claim; `period` is 'once' or the calendar year for yearly rules (birthday).
CREATE TABLE claims (
  member_id  TEXT NOT NULL REFERENCES members (id),
  rule_id    TEXT NOT NULL,
  period     TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (member_id, rule_id, period)
);

-- Idempotency-Key records: `running` while the first request is in flight, then
-- `done` with the exact response, stored in the same transaction as its effects.
CREATE TABLE idempotency_keys (
  program_key  TEXT NOT NULL,
  key          TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('running', 'done')),
  status       INTEGER,
  content_type TEXT,
  body         TEXT,
  -- JSON object of the response headers to replay (e.g. WWW-Authenticate).
  headers      TEXT,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (program_key, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
