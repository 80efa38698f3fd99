-- The store's server-to-server API: secret API keys, orders and refunds, coupon
-- states, ledger corrections with a reason, points owed after a refund, marketing
-- consent with its time and source, erasure, points expiry, and the webhook outbox.

-- Secret API keys, stored as SHA-256 of the key (keys are 32+ random bytes: a slow
-- hash would add nothing but latency). `prefix` lets a person tell keys apart.
CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  program_key  TEXT NOT NULL,
  name         TEXT NOT NULL,
  hash         TEXT NOT NULL UNIQUE,
  prefix       TEXT NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_used_at TIMESTAMPTZ,
  revoked_at   TIMESTAMPTZ
);

ALTER TABLE members ADD COLUMN marketing_at TIMESTAMPTZ;
ALTER TABLE members ADD COLUMN marketing_source TEXT;
-- Points a refund could not take back (the balance never goes below zero), taken from future earnings.
ALTER TABLE members ADD COLUMN points_owed BIGINT NOT NULL DEFAULT 0 CHECK (points_owed >= 0);
-- When a referred member's first qualifying order paid the advocate.
ALTER TABLE members ADD COLUMN referral_completed_at TIMESTAMPTZ;
ALTER TABLE members ADD COLUMN erased_at TIMESTAMPTZ;
-- The end of the expiry window already announced (points.expiring), so it is announced once.
ALTER TABLE members ADD COLUMN expiry_warned_for TIMESTAMPTZ;
UPDATE members SET marketing_at = created_at, marketing_source = 'signup' WHERE marketing;

-- Every change of marketing consent: when, to what, from where.
CREATE TABLE consent_events (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id  TEXT NOT NULL REFERENCES members (id),
  marketing  BOOLEAN NOT NULL,
  source     TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX consent_events_member_idx ON consent_events (member_id, id);
INSERT INTO consent_events (member_id, marketing, source, created_at) SELECT id, TRUE, 'signup', created_at FROM members WHERE marketing;

ALTER TABLE ledger DROP CONSTRAINT ledger_type_check;
ALTER TABLE ledger ADD CONSTRAINT ledger_type_check
  CHECK (type IN ('signup', 'purchase', 'claim', 'redemption', 'referral', 'adjustment', 'refund', 'expiry'));
-- Adjustments: why, and who (the API key's or console user's name).
ALTER TABLE ledger ADD COLUMN reason TEXT;
ALTER TABLE ledger ADD COLUMN actor TEXT;
CREATE INDEX ledger_created_idx ON ledger (created_at);

-- Orders as the store reports them. One id per program, credited once; a guest's
-- order (no member yet) waits for that email to join.
CREATE TABLE orders (
  program_key     TEXT NOT NULL,
  id              TEXT NOT NULL,
  member_id       TEXT REFERENCES members (id),
  customer_id     TEXT,
  email           TEXT,
  amount          NUMERIC(14, 2) NOT NULL CHECK (amount >= 0),
  currency        TEXT NOT NULL,
  refunded_amount NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
  points          INTEGER NOT NULL DEFAULT 0,
  points_reversed INTEGER NOT NULL DEFAULT 0,
  credited_at     TIMESTAMPTZ,
  placed_at       TIMESTAMPTZ NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (program_key, id)
);
CREATE INDEX orders_member_idx ON orders (member_id, placed_at) WHERE member_id IS NOT NULL;
CREATE INDEX orders_guest_idx ON orders (program_key, email) WHERE member_id IS NULL;

CREATE TABLE refunds (
  id          TEXT PRIMARY KEY,
  program_key TEXT NOT NULL,
  order_id    TEXT NOT NULL,
  amount      NUMERIC(14, 2) NOT NULL CHECK (amount > 0),
  -- Points this refund reversed; `owed` of them could not be taken from the balance.
  points      INTEGER NOT NULL,
  owed        INTEGER NOT NULL DEFAULT 0,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  FOREIGN KEY (program_key, order_id) REFERENCES orders (program_key, id)
);
CREATE INDEX refunds_order_idx ON refunds (program_key, order_id);

-- Coupons: `kind` says where a code came from (a reward, or the referred friend's welcome).
ALTER TABLE redemptions ADD COLUMN kind TEXT NOT NULL DEFAULT 'reward' CHECK (kind IN ('reward', 'welcome'));
ALTER TABLE redemptions ADD COLUMN expires_at TIMESTAMPTZ;
ALTER TABLE redemptions ADD COLUMN used_at TIMESTAMPTZ;
ALTER TABLE redemptions ADD COLUMN used_order_id TEXT;

-- Webhooks: endpoints, and an outbox written in the same transaction as the change.
CREATE TABLE webhook_endpoints (
  id          TEXT PRIMARY KEY,
  program_key TEXT NOT NULL,
  url         TEXT NOT NULL,
  secret      TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  disabled_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX webhook_endpoints_url_key ON webhook_endpoints (program_key, url) WHERE disabled_at IS NULL;

CREATE TABLE webhook_events (
  id          TEXT PRIMARY KEY,
  program_key TEXT NOT NULL,
  type        TEXT NOT NULL,
  -- The member it is about (erasure redacts the payloads of that member's events).
  member_id   TEXT,
  payload     TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX webhook_events_member_idx ON webhook_events (member_id) WHERE member_id IS NOT NULL;

-- One delivery per event and endpoint. A replica leases a due delivery (FOR UPDATE
-- SKIP LOCKED, then `leased_until`), posts it, and records the attempt.
CREATE TABLE webhook_deliveries (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id     TEXT NOT NULL REFERENCES webhook_events (id),
  endpoint_id  TEXT NOT NULL REFERENCES webhook_endpoints (id),
  state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  leased_until TIMESTAMPTZ,
  last_status  INTEGER,
  last_error   TEXT,
  delivered_at TIMESTAMPTZ,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_at) WHERE state = 'pending';

CREATE TABLE webhook_attempts (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id),
  attempt     INTEGER NOT NULL,
  status      INTEGER,
  error       TEXT,
  duration_ms INTEGER NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id);
