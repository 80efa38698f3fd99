-- A digest's time of erasure was the erased member row's own (`members.erased_at`, the same transaction):
-- with it, whoever could test an address against the digests could also find the member row whose books
-- stay (rows one transaction wrote still share PostgreSQL's transaction id). Nothing reads it. The table
-- is rebuilt rather than the column dropped, which would only hide the values: the digests are kept with
-- nothing but the program.
CREATE TABLE erased_identities_new (
  program_key TEXT NOT NULL,
  digest      TEXT NOT NULL,
  PRIMARY KEY (program_key, digest)
);
INSERT INTO erased_identities_new (program_key, digest) SELECT program_key, digest FROM erased_identities;
DROP TABLE erased_identities;
ALTER TABLE erased_identities_new RENAME TO erased_identities;
ALTER INDEX erased_identities_new_pkey RENAME TO erased_identities_pkey;
