/** SQL text for erasing observations' personal data (migrations/019_erasure.sql). */

/**
 * Locks the observations asked for that still hold personal data. SKIP LOCKED ($2) lets the
 * retention job pass over rows another process (or a reporter's request) is erasing now.
 */
export const LOCK_ERASABLE_OBSERVATIONS = `
  SELECT id FROM observations
  WHERE id = ANY($1::uuid[]) AND erased_at IS NULL
  ORDER BY id
  FOR UPDATE`;

export const LOCK_ERASABLE_OBSERVATIONS_SKIP_LOCKED = `${LOCK_ERASABLE_OBSERVATIONS} SKIP LOCKED`;

/**
 * Erases the personal data of an observation: the exact place (and its private 150 m target
 * cell, migration 017), the text as written and who reported it (account, device and address
 * HMACs, and the key that tells reporters apart). The public fields (kind, generalised place, time, moderated text) stay.
 */
export const ERASE_OBSERVATION_ROWS = `
  UPDATE observations
  SET location = NULL, text = NULL, target_cell = NULL,
      reporter_user_id = NULL, reporter_device = NULL, reporter_key = NULL,
      reporter_address = NULL, erased_at = $2, updated_at = $2
  WHERE id = ANY($1::uuid[])`;

/** The groups (public items) the reports are shown in. */
export const SELECT_GROUPS_OF = `
  SELECT DISTINCT group_id FROM observations WHERE id = ANY($1::uuid[])`;

/**
 * The events whose private part is one of these reports: an event is its group's (entity_id =
 * the group), and its private part is the one report it is about (shared/layers/observations.ts),
 * found by that feature's id (index events_observation_private_feature, migration 019).
 */
export const SELECT_ERASABLE_EVENTS = `
  SELECT id::float8 AS id FROM events
  WHERE entity_type = 'observation' AND (private->'feature'->>'id') = ANY($1::text[])
  ORDER BY id`;

/**
 * The public parts still served (version 2) of the events about these reports ($1) and of
 * their groups ($2), whose items may have shown them.
 */
export const SELECT_WITHHOLDABLE_EVENTS = `
  SELECT id::float8 AS id FROM events
  WHERE entity_type = 'observation' AND chain_version = 2 AND public IS NOT NULL
    AND (entity_id = ANY($2::uuid[]) OR (private->'feature'->>'id') = ANY($1::text[]))
  ORDER BY id`;

/** The observations of one reporter that still hold personal data. */
export const SELECT_OWN_OBSERVATION = `
  SELECT id FROM observations
  WHERE id = $1 AND erased_at IS NULL
    AND (reporter_user_id = $2::uuid OR reporter_device = $3::text)`;

export const SELECT_ALL_OWN_OBSERVATIONS = `
  SELECT id FROM observations
  WHERE reporter_user_id = $1 AND erased_at IS NULL
  ORDER BY created_at`;
