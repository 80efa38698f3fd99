-- The merchant console: sessions (the cookie's token stored as SHA-256), failed
-- sign-ins (five in a minute lock the sign-in), and the audit log of every change.
CREATE TABLE admin_sessions (
  token_hash   TEXT PRIMARY KEY,
  program_key  TEXT NOT NULL,
  csrf         TEXT NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE admin_login_failures (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  program_key TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX admin_login_failures_idx ON admin_login_failures (program_key, created_at);

CREATE TABLE admin_audit (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  program_key TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  target      TEXT,
  details     TEXT,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX admin_audit_idx ON admin_audit (program_key, id DESC);
