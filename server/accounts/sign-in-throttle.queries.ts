export const SELECT_LOCK = `
  SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds
  FROM sign_in_throttle WHERE email_hash = $1 AND locked_until > now()`;

/**
 * Counts a failure. The `threshold`-th failure in a row locks the address for
 * `base_seconds` × 2^(lockouts so far), at most `max_seconds`; the count then starts again.
 */
export const RECORD_FAILURE = `
  INSERT INTO sign_in_throttle AS t (email_hash, failures, lockouts, locked_until, last_failure_at)
  VALUES ($1, 1, 0, NULL, now())
  ON CONFLICT (email_hash) DO UPDATE SET
    failures = CASE WHEN t.failures + 1 >= $2 THEN 0 ELSE t.failures + 1 END,
    lockouts = CASE WHEN t.failures + 1 >= $2 THEN t.lockouts + 1 ELSE t.lockouts END,
    locked_until = CASE WHEN t.failures + 1 >= $2
      THEN now() + least($4::double precision, $3 * power(2, t.lockouts)) * interval '1 second'
      ELSE t.locked_until END,
    last_failure_at = now()`;

export const CLEAR_FAILURES = `DELETE FROM sign_in_throttle WHERE email_hash = $1`;
