/** SQL text for the event chain (migrations/004_events.sql). */

export const LOCK_CHAIN_HEAD = `
  SELECT last_id::float8 AS last_id, last_hash FROM event_chain_head FOR UPDATE`;

export const INSERT_EVENTS_AND_MOVE_HEAD = `
  WITH appended AS (
    INSERT INTO events (id, type, entity_type, entity_id, at, public, private,
                        private_hash, content_hash, prev_hash, hash)
    SELECT id, type, entity_type, entity_id, at, public::jsonb, private::jsonb,
           private_hash, content_hash, prev_hash, hash
    FROM unnest($1::bigint[], $2::text[], $3::text[], $4::uuid[], $5::timestamptz[], $6::text[],
                $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
      AS e(id, type, entity_type, entity_id, at, public, private,
           private_hash, content_hash, prev_hash, hash)
    RETURNING id
  )
  UPDATE event_chain_head SET last_id = $12, last_hash = $13
  WHERE (SELECT count(*) FROM appended) = $14`;

const PUBLIC_EVENT_COLUMNS = `
  id::float8 AS id, type, entity_type, entity_id, at, public,
  private_hash, content_hash, prev_hash, hash`;

/** Everything after an id, in id order; safe for tailers because ids commit in order. */
export const SELECT_PUBLIC_EVENTS_AFTER = `
  SELECT ${PUBLIC_EVENT_COLUMNS} FROM events WHERE id > $1 ORDER BY id LIMIT $2`;

export const SELECT_CHAIN_HEAD = `
  SELECT last_id::float8 AS last_id, last_hash FROM event_chain_head`;
