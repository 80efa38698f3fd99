-- Who has erased a membership, as keyed digests only (HMAC-SHA256 of the canonical email, and of the
-- store's customer id, under a key of the server's own): not the person, but enough to know that a
-- sign-up is a return, which gets no second sign-up bonus and brings no referral.
CREATE TABLE erased_identities (
  program_key TEXT NOT NULL,
  digest      TEXT NOT NULL,
  erased_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (program_key, digest)
);
