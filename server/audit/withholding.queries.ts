/** SQL text for withholding public parts (migrations/010_event_parts_withheld.sql). */

/** Earlier public parts of one entity that can still be withheld (version 2, not yet withheld). */
export const SELECT_WITHHOLDABLE_OF_ENTITY = `
  SELECT id::float8 AS id FROM events
  WHERE entity_type = $1 AND entity_id = $2 AND chain_version = 2 AND public IS NOT NULL
  ORDER BY id`;

/**
 * Takes the chain head lock that every append takes, before the check below: the events' state
 * cannot change between the check and the withholding, and no lock is taken in another order.
 */
export const LOCK_CHAIN_HEAD = `SELECT last_id FROM event_chain_head FOR UPDATE`;

/** The state of the events asked for. */
export const SELECT_EVENTS_TO_WITHHOLD = `
  SELECT e.id::float8 AS id, e.chain_version, e.public IS NULL AS erased
  FROM events AS e WHERE e.id = ANY($1::bigint[])`;
