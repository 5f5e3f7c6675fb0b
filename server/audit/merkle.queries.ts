/** SQL text for the Merkle tree's stored nodes (migrations/026_merkle_nodes.sql). */

/** The nodes at the given (level, position) pairs, in one index scan per pair. */
export const SELECT_MERKLE_NODES = `
  SELECT n.level, n.position::float8 AS position, n.hash
  FROM unnest($1::smallint[], $2::bigint[]) AS wanted(level, position)
  JOIN merkle_nodes AS n ON n.level = wanted.level AND n.position = wanted.position`;

/** The chain hash of one event. */
export const SELECT_EVENT_HASH = `SELECT hash FROM events WHERE id = $1`;
