-- What the shopper's widget last showed of the membership: when, the balance, the tier and the ids of
-- the badges (a JSON array: which ones, not since when, as a badge can be dated before it was stored).
-- A page that loads later tells the shopper what arrived since ("+120", a badge) from these, with no
-- storage in the browser. Written when a shopper route answers the member; the shopper's own
-- redemptions and claims move the balance by what they spent or claimed (seen as it happened).
ALTER TABLE members ADD COLUMN seen_at TIMESTAMPTZ;
ALTER TABLE members ADD COLUMN seen_balance BIGINT;
ALTER TABLE members ADD COLUMN seen_tier TEXT;
ALTER TABLE members ADD COLUMN seen_badges JSONB;
