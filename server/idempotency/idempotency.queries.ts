/** SQL text for Idempotency-Keys; each statement takes parallel arrays of principals and keys. */

export const CLAIM_KEYS = `
  INSERT INTO idempotency_keys (principal, key, request_hash)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
  ON CONFLICT (principal, key) DO NOTHING
  RETURNING principal, key`;

export const SELECT_KEYS = `
  SELECT principal, key, request_hash, status_code, response FROM idempotency_keys
  WHERE (principal, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;

export const STORE_RESPONSES = `
  UPDATE idempotency_keys AS k SET status_code = r.status_code, response = r.response::jsonb
  FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS r(principal, key, status_code, response)
  WHERE k.principal = r.principal AND k.key = r.key`;

export const RELEASE_KEYS = `
  DELETE FROM idempotency_keys
  WHERE (principal, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;
