/** SQL text for the event chain (migrations/004_events.sql). */

/**
 * Everything after an id, in id order; safe for tailers because ids commit in order. The
 * envelope columns (type, entity, time) are served only for version-1 rows, whose hash covers
 * them; a version-2 row says them in its public part, or withholds them.
 */
export const SELECT_PUBLIC_EVENTS_AFTER = `
  SELECT e.id::float8 AS id, e.chain_version,
         CASE WHEN e.chain_version = 1 THEN e.type END AS type,
         CASE WHEN e.chain_version = 1 THEN e.entity_type END AS entity_type,
         CASE WHEN e.chain_version = 1 THEN e.entity_id END AS entity_id,
         CASE WHEN e.chain_version = 1 THEN e.at END AS at,
         e.public, e.public_hash, e.private_hash, e.content_hash, e.prev_hash, e.hash,
         w.withheld_by::float8 AS withheld_by, w.reason AS withheld_reason,
         r.erased_by::float8 AS erased_by, r.reason AS erased_reason
  FROM events AS e LEFT JOIN withheld_event_parts AS w ON w.event_id = e.id
       LEFT JOIN erased_event_parts AS r ON r.event_id = e.id
  WHERE e.id > $1 ORDER BY e.id LIMIT $2`;

export const SELECT_CHAIN_HEAD = `
  SELECT last_id::float8 AS last_id, last_hash FROM event_chain_head`;

/**
 * The relay's read. The private part (the exact feature) is read only when $4 is true, that is
 * when a dispatcher socket is listening; otherwise it is left in the database. An erased one
 * reads as empty: there is nothing left to send.
 */
export const SELECT_EVENTS_FOR_RELAY = `
  SELECT id::float8 AS id, type, entity_type, entity_id, coalesce(public, '{}'::jsonb) AS public,
         retracts,
         CASE WHEN $4::boolean THEN coalesce(private, '{}'::jsonb) ELSE '{}'::jsonb END AS private
  FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3`;
