-- Badges a member has earned: one row per member and badge, written in the transaction of what
-- earned it (or by the sweep, for years of membership) and never again (the key). `earned_at`:
-- when what earns it first became true, which may be before the row was written (a badge added
-- to the program later is earned with the date the member first qualified).
CREATE TABLE member_badges (
  member_id  TEXT NOT NULL REFERENCES members (id),
  badge_id   TEXT NOT NULL,
  earned_at  TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (member_id, badge_id)
);
