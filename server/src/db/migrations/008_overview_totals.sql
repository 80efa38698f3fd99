-- The console's Overview on a large program: running totals per member, kept by the
-- database on every ledger insert (the ledger stays the truth; these are its sums), and
-- per-day totals of closed days (rolled up once, since a closed day's rows never change).

ALTER TABLE members ADD COLUMN points_total BIGINT NOT NULL DEFAULT 0;
-- Positive entries of the earning types (signup, purchase, claim, referral): lifetime points before reversals.
ALTER TABLE members ADD COLUMN points_earned BIGINT NOT NULL DEFAULT 0;
-- The member's latest own activity (signup, purchase, claim, redemption, referral).
ALTER TABLE members ADD COLUMN active_at TIMESTAMPTZ;

CREATE FUNCTION ledger_member_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The caller's transaction has the member row locked already: this takes no new lock.
  UPDATE members SET
    points_total = points_total + NEW.points,
    points_earned = points_earned + CASE WHEN NEW.points > 0 AND NEW.type IN ('signup', 'purchase', 'claim', 'referral') THEN NEW.points ELSE 0 END,
    active_at = CASE WHEN NEW.type IN ('signup', 'purchase', 'claim', 'redemption', 'referral') THEN GREATEST(active_at, NEW.created_at) ELSE active_at END
  WHERE id = NEW.member_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER ledger_member_totals AFTER INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_member_totals();

UPDATE members m SET points_total = t.total, points_earned = t.earned, active_at = t.active_at
  FROM (SELECT member_id, SUM(points) AS total,
               COALESCE(SUM(points) FILTER (WHERE points > 0 AND type IN ('signup', 'purchase', 'claim', 'referral')), 0) AS earned,
               MAX(created_at) FILTER (WHERE type IN ('signup', 'purchase', 'claim', 'redemption', 'referral')) AS active_at
          FROM ledger GROUP BY member_id) t
 WHERE t.member_id = m.id;

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
CREATE INDEX members_created_idx ON members (program_key, created_at);
