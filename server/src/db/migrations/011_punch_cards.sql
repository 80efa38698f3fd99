-- Punch cards: every Nth order of a member earns a punch-card rule's points and/or coupon.

-- A member's card of one punch-card rule: the orders counted toward its next reward, and the
-- punches owed (a fully refunded order takes its punch back; when the card in progress has none,
-- the next order pays it instead of counting).
CREATE TABLE punch_cards (
  member_id TEXT NOT NULL REFERENCES members (id),
  rule_id   TEXT NOT NULL,
  count     INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
  owed      INTEGER NOT NULL DEFAULT 0 CHECK (owed >= 0),
  PRIMARY KEY (member_id, rule_id)
);

-- Each order a card counted, once: the key is the order and the rule, so an order credited again (a
-- retry, a second report) is never counted twice. `redemption_id`: the coupon of the reward this
-- order completed; `taken_back_at`: when a full refund took the punch back.
CREATE TABLE punches (
  program_key   TEXT NOT NULL,
  order_id      TEXT NOT NULL,
  rule_id       TEXT NOT NULL,
  member_id     TEXT NOT NULL REFERENCES members (id),
  redemption_id TEXT REFERENCES redemptions (id),
  taken_back_at TIMESTAMPTZ,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (program_key, order_id, rule_id),
  FOREIGN KEY (program_key, order_id) REFERENCES orders (program_key, id)
);
CREATE INDEX punches_member_idx ON punches (member_id);

-- A full card's coupon: the reward at no cost, apart from redemptions (points spent) in the books.
ALTER TABLE redemptions DROP CONSTRAINT redemptions_kind_check;
ALTER TABLE redemptions ADD CONSTRAINT redemptions_kind_check CHECK (kind IN ('reward', 'welcome', 'punch_card'));
