export const INSERT_SESSION = `
  INSERT INTO user_sessions (token_hash, user_id, expires_at, second_factor_at, csrf_secret)
  VALUES ($1, $2, now() + $3 * interval '1 millisecond', CASE WHEN $4 THEN now() END, $5)`;

/**
 * The session behind a token with its account, if it is live: not revoked, before its absolute
 * expiry, and seen within the idle time. A live session seen longer ago than `touch_ms` is
 * marked seen now, in the same round trip (at most one write per session per interval).
 */
export const SELECT_LIVE_SESSION = `
  WITH found AS (
    SELECT s.token_hash, s.user_id, s.second_factor_at, s.csrf_secret, s.last_seen_at,
           s.expires_at, u.email, u.display_name, u.role, u.totp_enrolled_at
    FROM user_sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
      AND s.last_seen_at > now() - $2 * interval '1 millisecond'
  ), touched AS (
    UPDATE user_sessions SET last_seen_at = now()
    WHERE token_hash IN (SELECT token_hash FROM found)
      AND last_seen_at < now() - $3 * interval '1 millisecond'
  )
  SELECT token_hash, user_id, second_factor_at, csrf_secret, expires_at, email, display_name,
         role, totp_enrolled_at
  FROM found`;

/**
 * Which of the given sessions are still live (as in SELECT_LIVE_SESSION, without marking them
 * seen: an open socket is not a person's activity). One query per sweep for all of a process's
 * session sockets, by primary key.
 */
export const SELECT_LIVE_SESSION_IDS = `
  SELECT token_hash FROM user_sessions
  WHERE token_hash = ANY($1::text[]) AND revoked_at IS NULL AND expires_at > now()
    AND last_seen_at > now() - $2 * interval '1 millisecond'`;

export const REVOKE_SESSION = `
  UPDATE user_sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`;

export const REVOKE_USER_SESSIONS = `
  UPDATE user_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`;

export const INSERT_SESSION_REVOCATION = `
  INSERT INTO user_session_revocations (user_id) VALUES ($1)`;

/** Payload-free: it only wakes each process's watcher, which reads user_session_revocations. */
export const SESSION_REVOCATION_CHANNEL = 'openbeat_session_revocations';
export const NOTIFY_SESSIONS_REVOKED = `SELECT pg_notify('${SESSION_REVOCATION_CHANNEL}', '')`;

export const SELECT_LAST_SESSION_REVOCATION = `
  SELECT coalesce(max(id), 0)::bigint AS id FROM user_session_revocations`;

export const SELECT_SESSION_REVOCATIONS_AFTER = `
  SELECT id, user_id FROM user_session_revocations WHERE id > $1 ORDER BY id LIMIT $2`;

/**
 * Passing the second factor renews the session (session fixation: OWASP Session Management
 * Cheat Sheet, "Renew the Session ID After Any Privilege Level Change"): the old one is revoked
 * and a new one, with a new token and CSRF secret, takes over its sign-in time and absolute
 * expiry. Nothing when the old one is no longer live.
 */
export const RENEW_SESSION_WITH_SECOND_FACTOR = `
  WITH old AS (
    UPDATE user_sessions SET revoked_at = now()
    WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
    RETURNING user_id, created_at, expires_at
  )
  INSERT INTO user_sessions
    (token_hash, user_id, created_at, expires_at, second_factor_at, csrf_secret)
  SELECT $2, user_id, created_at, expires_at, now(), $3 FROM old`;

/** Old rows go: expired or revoked sessions a day past, so the table holds only live ones. */
export const DELETE_OLD_SESSIONS = `
  DELETE FROM user_sessions
  WHERE expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day'`;
