-- Webhook delivery. `name` marks the endpoint an environment variable owns
-- (LOYALKIT_WEBHOOK_URL): changing the variable replaces that endpoint only, never
-- one added another way (NULL).
ALTER TABLE webhook_endpoints ADD COLUMN name TEXT;
