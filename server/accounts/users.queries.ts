export const INSERT_USER = `
  INSERT INTO users (id, email, password_hash, display_name, role, totp_secret, totp_enrolled_at)
  VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6::bytea IS NULL THEN NULL ELSE now() END)
  ON CONFLICT (email) DO NOTHING
  RETURNING id`;

export const SELECT_USER_FOR_SIGN_IN = `
  SELECT id, password_hash FROM users WHERE email = $1`;

export const SELECT_USER_TOTP = `
  SELECT email, totp_secret, totp_enrolled_at, totp_last_step FROM users WHERE id = $1`;

export const SET_PENDING_TOTP = `
  UPDATE users SET totp_secret = $2, totp_last_step = NULL
  WHERE id = $1 AND totp_enrolled_at IS NULL`;

/** Accepts a code's step at most once, even when two requests race with the same code. */
export const ACCEPT_TOTP_STEP = `
  UPDATE users SET totp_last_step = $2,
    totp_enrolled_at = CASE WHEN $3 THEN coalesce(totp_enrolled_at, now()) ELSE totp_enrolled_at END
  WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)
  RETURNING id`;

export const SELECT_USERS = `
  SELECT u.id, u.email, u.display_name, u.role, u.totp_enrolled_at, u.created_at,
         CASE WHEN t.locked_until > now() THEN t.locked_until END AS locked_until
  FROM users u LEFT JOIN sign_in_throttle t ON t.email_hash = encode(sha256(convert_to(u.email, 'UTF8')), 'hex')
  ORDER BY u.created_at, u.id`;

export const COUNT_ADMINS = `SELECT count(*)::int AS admins FROM users WHERE role = 'admin'`;

/** Locks the admins' rows, so two concurrent demotions cannot both see another admin left. */
export const LOCK_ADMINS = `SELECT id FROM users WHERE role = 'admin' ORDER BY id FOR UPDATE`;

export const UPDATE_USER_ROLE = `
  UPDATE users SET role = $2 WHERE id = $1 RETURNING id`;
