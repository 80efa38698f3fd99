-- The console's Overview on a large program: per-member sums of the ledger and per-day
-- totals, rolled up from rows old enough that nothing can still commit among them, so the
-- Overview reads these plus the few recent rows, and writes pay nothing (the ledger stays
-- the truth; these are its sums).

CREATE TABLE member_points (
  member_id TEXT PRIMARY KEY REFERENCES members (id),
  -- SUM(ledger.points)
  total     BIGINT NOT NULL,
  -- Positive entries of the earning types (signup, purchase, claim, referral): lifetime points before reversals.
  earned    BIGINT NOT NULL,
  -- The member's latest own activity (signup, purchase, claim, redemption, referral).
  active_at TIMESTAMPTZ
);
-- Per program: ledger rows created before `through` are in member_points.
CREATE TABLE member_points_mark (
  program_key TEXT PRIMARY KEY,
  through     TIMESTAMPTZ NOT NULL
);

-- A program's day (UTC): what the Overview's charts and period sums read for closed days.
CREATE TABLE overview_days (
  program_key TEXT NOT NULL,
  day         DATE NOT NULL,
  signups     INTEGER NOT NULL,
  issued      BIGINT NOT NULL,
  redeemed    BIGINT NOT NULL,
  expired     BIGINT NOT NULL,
  referrals   INTEGER NOT NULL,
  PRIMARY KEY (program_key, day)
);
