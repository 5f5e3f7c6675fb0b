-- Secrets the server makes for itself at first start and keeps (HMAC keys for proof-of-work
-- challenges, for device tokens, for TOTP secrets at rest): kept in the database, the one
-- source of truth, so every process of one deployment shares them and a restart keeps them.
CREATE TABLE server_secrets (
  name       text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,62}$'),
  value      bytea NOT NULL CHECK (octet_length(value) >= 32),
  created_at timestamptz NOT NULL DEFAULT now()
);
