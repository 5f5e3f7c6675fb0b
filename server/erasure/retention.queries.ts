/** SQL text for the retention job (server/erasure/retention.service.ts). */

/**
 * One retention run at a time across every server process and the CLI: a transaction-level
 * advisory lock, released by COMMIT. The key is arbitrary but fixed ('openbeat retention').
 */
export const TRY_RETENTION_LOCK = `SELECT pg_try_advisory_xact_lock(hashtext('openbeat retention')) AS locked`;

/** A batch of observations past the retention period (observations_retention_due index). */
export const SELECT_DUE_OBSERVATIONS = `
  SELECT id FROM observations
  WHERE erased_at IS NULL AND created_at < $1
  ORDER BY created_at
  LIMIT $2`;

/**
 * Erases tips past the retention period (index tips_created_unerased, migration 018): their text,
 * place, contact and who sent them. Tips never enter the events (they go to dispatch alone), so
 * the row is all there is to erase.
 */
export const ERASE_DUE_TIPS = `
  UPDATE tips SET text = NULL, location = NULL, contact = NULL, tipster_user_id = NULL,
                  tipster_device = NULL, tipster_address = NULL, erased_at = $2
  WHERE erased_at IS NULL AND created_at < $1`;
