-- Revoking a key must reach every server process at once, including the sockets each one holds
-- open with it. Requests check the key in api_keys on every call; sockets are closed by each
-- process's watcher, which tails this table (woken by NOTIFY openbeat_key_revocations, by its
-- own process, and by the relay's poll as a floor). One row per key: revocation is final.
CREATE TABLE api_key_revocations (
  id         bigserial PRIMARY KEY,
  key_id     uuid NOT NULL UNIQUE REFERENCES api_keys (id),
  revoked_at timestamptz NOT NULL DEFAULT now()
);

-- Shown by `npm run key:list`; written at most once a minute per key (see api-keys.queries.ts).
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
