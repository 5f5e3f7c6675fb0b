-- What accounts need besides 014: replay protection for TOTP codes, sign-in throttling that
-- treats unknown e-mail addresses like known ones, the revocations of sessions (so every server
-- process closes that person's sockets), and the first admin's one-time setup links.

-- The last TOTP time step accepted for this account: a code of that step or an earlier one is
-- refused (RFC 6238, 5.2: "the verifier MUST NOT accept the second attempt of the same OTP").
ALTER TABLE users ADD COLUMN totp_last_step bigint;

-- Failed sign-ins by e-mail address, known or not (keyed by the address's SHA-256, so the table
-- names no one): a lock-out that only known addresses could reach would tell who has an account.
CREATE TABLE sign_in_throttle (
  email_hash       text PRIMARY KEY CHECK (email_hash ~ '^[0-9a-f]{64}$'),
  failures         integer NOT NULL DEFAULT 0,
  lockouts         integer NOT NULL DEFAULT 0,
  locked_until     timestamptz,
  last_failure_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per "revoke these sessions" (sign-out everywhere, a role change): each process's
-- watcher tails it, woken by NOTIFY openbeat_session_revocations, and closes the user's sockets.
CREATE TABLE user_session_revocations (
  id         bigserial PRIMARY KEY,
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  revoked_at timestamptz NOT NULL DEFAULT now()
);

-- The first admin's setup link: its token's SHA-256, valid for 24 h and for one use.
CREATE TABLE admin_setup_tokens (
  token_hash  text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
