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
 * Erases the personal data of an observation: the exact place, the text as written and who
 * reported it. The public fields (kind, generalised place, time, moderated text) stay.
 */
export const ERASE_OBSERVATION_ROWS = `
  UPDATE observations
  SET location = NULL, text = NULL, reporter_device = NULL, reporter_user_id = NULL,
      erased_at = $2, updated_at = $2
  WHERE id = ANY($1::uuid[])`;

/** A reporter's erasure also takes the item out of public view for good. */
export const MARK_OBSERVATIONS_ERASED = `
  UPDATE observations SET moderation = 'erased' WHERE id = ANY($1::uuid[])`;

/**
 * The events about these observations: those of the entity, and those whose private part holds
 * one of them as its feature (an event about a group of corroborating reports is the group's,
 * and may carry a member report's exact feature). Both by index (events_entity, and
 * events_observation_private_feature of migration 019).
 */
const EVENTS_ABOUT = `
  SELECT id FROM events
  WHERE entity_type = 'observation' AND entity_id = ANY($1::uuid[])
  UNION
  SELECT id FROM events
  WHERE entity_type = 'observation' AND (private->'feature'->>'id') = ANY($1::text[])`;

/** The events about these observations whose private parts are still kept. */
export const SELECT_ERASABLE_EVENTS = `
  SELECT id::float8 AS id FROM events
  WHERE id IN (${EVENTS_ABOUT}) AND private IS NOT NULL
  ORDER BY id`;

/** The events about these observations whose public parts are still served (version 2). */
export const SELECT_WITHHOLDABLE_EVENTS = `
  SELECT id::float8 AS id FROM events
  WHERE id IN (${EVENTS_ABOUT}) AND chain_version = 2 AND public IS NOT NULL
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
