/** SQL text for the event chain (migrations/004_events.sql). */

/** Chains a JSON array of prepared events (migrations/007_append_events.sql). */
export const APPEND_EVENTS = `
  SELECT event_id::float8 AS id, event_hash AS hash FROM append_events($1::jsonb)`;

const PUBLIC_EVENT_COLUMNS = `
  id::float8 AS id, type, entity_type, entity_id, at, public,
  private_hash, content_hash, prev_hash, hash`;

/** Everything after an id, in id order; safe for tailers because ids commit in order. */
export const SELECT_PUBLIC_EVENTS_AFTER = `
  SELECT ${PUBLIC_EVENT_COLUMNS} FROM events WHERE id > $1 ORDER BY id LIMIT $2`;

export const SELECT_CHAIN_HEAD = `
  SELECT last_id::float8 AS last_id, last_hash FROM event_chain_head`;

/**
 * The relay's read. The private part (the exact feature) is read only when $4 is true, that is
 * when a dispatcher socket is listening; otherwise it is left in the database.
 */
export const SELECT_EVENTS_FOR_RELAY = `
  SELECT id::float8 AS id, type, entity_type, entity_id, public,
         CASE WHEN $4::boolean THEN private ELSE '{}'::jsonb END AS private
  FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3`;
