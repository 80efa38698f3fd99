-- Keys the server makes for itself and never shows (not LOYALKIT_SECRET, which the store's own server
-- holds to sign customer tokens): the first replica to need one writes it, every replica reads it.
CREATE TABLE server_keys (
  name       TEXT PRIMARY KEY,
  key        TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
