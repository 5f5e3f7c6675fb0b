export const INSERT_API_KEY = `
  INSERT INTO api_keys (id, name, role, key_hash) VALUES ($1, $2, $3, $4)`;

/**
 * The keys behind hashes, those not revoked, in one round trip that also records their use. A
 * use is written at most once a minute per key, so a busy feed does not rewrite (and lock) its
 * key's row on every request; the UPDATE re-reads the row, so concurrent requests write it once.
 */
export const SELECT_ACTIVE_KEYS_BY_HASH = `
  WITH found AS (
    SELECT id, name, role, key_hash FROM api_keys
    WHERE key_hash = ANY($1::text[]) AND revoked_at IS NULL
  ), touched AS (
    UPDATE api_keys SET last_used_at = now()
    WHERE id IN (SELECT id FROM found) AND revoked_at IS NULL
      AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
  )
  SELECT id, name, role, key_hash FROM found`;

export const SELECT_API_KEYS = `
  SELECT id, name, role, created_at, last_used_at, revoked_at
  FROM api_keys ORDER BY created_at, id`;

/** A reference is an id or a name; a key whose name is another key's id matches too. */
export const SELECT_KEYS_BY_REFERENCE = `
  SELECT id, name, role, revoked_at FROM api_keys
  WHERE id::text = lower($1) OR name = $1
  ORDER BY created_at, id
  FOR UPDATE`;

export const REVOKE_API_KEY = `
  UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL
  RETURNING revoked_at`;

export const INSERT_KEY_REVOCATION = `
  INSERT INTO api_key_revocations (key_id, revoked_at) VALUES ($1, $2)`;

/** Payload-free: it only wakes each process's watcher, which reads api_key_revocations. */
export const KEY_REVOCATION_CHANNEL = 'openbeat_key_revocations';
export const NOTIFY_KEY_REVOKED = `SELECT pg_notify('${KEY_REVOCATION_CHANNEL}', '')`;

export const SELECT_LAST_KEY_REVOCATION = `
  SELECT coalesce(max(id), 0)::bigint AS id FROM api_key_revocations`;

export const SELECT_KEY_REVOCATIONS_AFTER = `
  SELECT id, key_id FROM api_key_revocations WHERE id > $1 ORDER BY id LIMIT $2`;
