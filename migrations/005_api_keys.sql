-- API keys for machine clients (CAD feeds, scripts). Only a SHA-256 of each key is stored:
-- keys are 256 random bits, so a slow password hash would add cost and no safety.
CREATE TABLE api_keys (
  id         uuid PRIMARY KEY,
  name       text NOT NULL,
  role       text NOT NULL CHECK (role IN ('dispatcher', 'moderator', 'admin')),
  key_hash   text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
