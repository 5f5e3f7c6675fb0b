/**
 * Counts an attempt before its password is checked, atomically, so parallel attempts cannot
 * slip past the limit: while the address is locked nothing changes; otherwise the count grows,
 * and the attempt past `threshold` locks the address for `base_seconds` × 2^(earlier locks),
 * at most `max_seconds`, and starts the count again. Answers the seconds the address is locked
 * for after this attempt (0: go on and check the password).
 */
export const TAKE_ATTEMPT = `
  INSERT INTO sign_in_throttle AS t (email_hash, failures, lockouts, locked_until, last_failure_at)
  VALUES ($1, 1, 0, NULL, now())
  ON CONFLICT (email_hash) DO UPDATE SET
    failures = CASE WHEN t.locked_until > now() THEN t.failures
                    WHEN t.failures + 1 > $2 THEN 0 ELSE t.failures + 1 END,
    lockouts = CASE WHEN t.locked_until > now() THEN t.lockouts
                    WHEN t.failures + 1 > $2 THEN t.lockouts + 1 ELSE t.lockouts END,
    locked_until = CASE WHEN t.locked_until > now() THEN t.locked_until
      WHEN t.failures + 1 > $2
        THEN now() + least($4::double precision, $3 * power(2, t.lockouts)) * interval '1 second'
      ELSE t.locked_until END,
    last_failure_at = now()
  RETURNING CASE WHEN locked_until > now()
    THEN ceil(extract(epoch FROM locked_until - now()))::int ELSE 0 END AS locked_seconds`;

/** A right password: the address's count and lock history go. */
export const CLEAR_FAILURES = `DELETE FROM sign_in_throttle WHERE email_hash = $1`;

/** Addresses whose last failure is a week old and that are not locked: nothing to remember. */
export const DELETE_OLD_FAILURES = `
  DELETE FROM sign_in_throttle
  WHERE last_failure_at < now() - interval '7 days'
    AND (locked_until IS NULL OR locked_until < now())`;
