-- A digest's time of erasure was the erased member row's own (`members.erased_at`, the same transaction):
-- with it, whoever could test an address against the digests could also find the member row whose books
-- stay. Nothing reads it; the digests are now kept with nothing but the program.
ALTER TABLE erased_identities DROP COLUMN erased_at;
