export const SELECT_ANY_ADMIN = `SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`;

/** One link at a time: a new start's link replaces the last one. */
export const REPLACE_SETUP_TOKEN = `
  WITH gone AS (DELETE FROM admin_setup_tokens)
  INSERT INTO admin_setup_tokens (token_hash, expires_at)
  VALUES ($1, now() + $2 * interval '1 second')`;

export const DELETE_SETUP_TOKENS = `DELETE FROM admin_setup_tokens`;

/** Serialises setups: of two concurrent uses of a link, the second finds it gone. */
export const LOCK_SETUP_TOKENS = `LOCK TABLE admin_setup_tokens IN EXCLUSIVE MODE`;

export const TAKE_SETUP_TOKEN = `
  DELETE FROM admin_setup_tokens WHERE token_hash = $1 AND expires_at > now() RETURNING 1`;
