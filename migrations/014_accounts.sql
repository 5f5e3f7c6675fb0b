-- Accounts for people (residents, moderators, dispatchers, admins). Machines keep API keys.
-- Passwords are argon2id hashes (server/accounts). A privileged role's powers apply only in a
-- session that passed the second factor (TOTP; its secret is kept encrypted with a server
-- secret, never in the clear).
CREATE TABLE users (
  id                uuid PRIMARY KEY,
  email             text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
  password_hash     text NOT NULL,
  display_name      text,
  role              text NOT NULL DEFAULT 'resident'
                    CHECK (role IN ('resident', 'moderator', 'dispatcher', 'admin')),
  totp_secret       bytea,
  totp_enrolled_at  timestamptz,
  failed_logins     integer NOT NULL DEFAULT 0,
  locked_until      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_email_unique UNIQUE (email)
);

-- Sessions behind the HTTP-only cookie: the cookie holds a random token, the table its SHA-256,
-- so a read of this table signs no one in. Revoking all of a user's rows signs out everywhere.
CREATE TABLE user_sessions (
  token_hash        text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at        timestamptz NOT NULL DEFAULT now(),
  last_seen_at      timestamptz NOT NULL DEFAULT now(),
  expires_at        timestamptz NOT NULL,
  second_factor_at  timestamptz,
  csrf_secret       text NOT NULL,
  revoked_at        timestamptz
);
CREATE INDEX user_sessions_user ON user_sessions (user_id);
