export const INSERT_API_KEY = `
  INSERT INTO api_keys (id, name, role, key_hash) VALUES ($1, $2, $3, $4)`;

export const SELECT_ACTIVE_KEY_BY_HASH = `
  SELECT id, name, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`;
