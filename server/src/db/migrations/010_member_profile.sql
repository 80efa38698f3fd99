-- When the member's birthday was last set (at sign-up, or by the member later): it changes at most
-- once a year, so a birthday bonus cannot be claimed again by moving the date.
ALTER TABLE members ADD COLUMN birthday_set_at TIMESTAMPTZ;
UPDATE members SET birthday_set_at = created_at WHERE birthday IS NOT NULL;
