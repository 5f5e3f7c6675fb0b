export const CLAIM_KEY = `
  INSERT INTO idempotency_keys (principal, key, request_hash) VALUES ($1, $2, $3)
  ON CONFLICT (principal, key) DO NOTHING
  RETURNING key`;

export const SELECT_KEY = `
  SELECT request_hash, status_code, response FROM idempotency_keys
  WHERE principal = $1 AND key = $2`;

export const STORE_RESPONSE = `
  UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE principal = $1 AND key = $2`;
