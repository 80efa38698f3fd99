-- The program lives in the database once the server has started: the file seeds it
-- (and a changed file becomes a new version), the console saves new versions, and a
-- roll back is a new version with an old definition. Replicas load the newest.
CREATE TABLE program_versions (
  program_key TEXT NOT NULL,
  version     INTEGER NOT NULL,
  definition  TEXT NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('file', 'console', 'rollback')),
  -- For `file`: the SHA-256 of the file, so an unchanged file is not imported again.
  file_hash   TEXT,
  actor       TEXT,
  note        TEXT,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (program_key, version)
);
