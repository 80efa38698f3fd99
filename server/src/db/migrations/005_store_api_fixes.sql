-- Keys are unique per program (one key value may serve two programs on one database).
ALTER TABLE api_keys DROP CONSTRAINT api_keys_hash_key;
CREATE UNIQUE INDEX api_keys_program_hash_key ON api_keys (program_key, hash);

-- The store's own id of a refund: a refund reported twice (a retried webhook, a new
-- Idempotency-Key) is recorded once.
ALTER TABLE refunds ADD COLUMN store_refund_id TEXT;
CREATE UNIQUE INDEX refunds_store_id_key ON refunds (program_key, order_id, store_refund_id) WHERE store_refund_id IS NOT NULL;

-- Lifetime points taken back other than by an order's refund: a referral bonus whose
-- qualifying order was refunded below the program's minimum.
ALTER TABLE members ADD COLUMN lifetime_reversed BIGINT NOT NULL DEFAULT 0;
