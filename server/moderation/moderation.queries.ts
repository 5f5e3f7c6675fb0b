/**
 * SQL text for moderation: the queue (exact place and text as written: moderators only), the
 * anti-targeting alerts, the public log (public parts of moderation events only) and flags.
 * No query here reads the reporter columns.
 */

export const SELECT_QUEUE = `
  SELECT o.id, o.category, o.text, o.public_text, ST_X(o.location) AS lon, ST_Y(o.location) AS lat,
    o.held_for, o.flags, o.created_at, o.moderation,
    (SELECT coalesce(array_agg(f.reason ORDER BY f.created_at), '{}') FROM observation_flags AS f
     WHERE f.observation_id = o.id AND f.reason IS NOT NULL) AS flag_reasons,
    (SELECT a.id FROM moderation_alerts AS a
     WHERE a.target_cell = o.target_cell AND a.resolved_at IS NULL
     ORDER BY a.raised_at DESC LIMIT 1) AS alert_id
  FROM observations AS o
  WHERE o.moderation IN ('pending', 'held')
  ORDER BY o.created_at, o.id
  LIMIT $1`;

export const SELECT_OPEN_ALERTS = `
  SELECT a.id, a.raised_at, a.reporters,
    coalesce(array_agg(o.id ORDER BY o.created_at, o.id) FILTER (WHERE o.id IS NOT NULL), '{}')
      AS items
  FROM moderation_alerts AS a
  LEFT JOIN observations AS o
    ON o.target_cell = a.target_cell AND o.moderation IN ('pending', 'held')
  WHERE a.resolved_at IS NULL
  GROUP BY a.id, a.raised_at, a.reporters
  ORDER BY a.raised_at, a.id`;

export const RESOLVE_ALERT = `
  UPDATE moderation_alerts SET resolved_at = now() WHERE id = $1 AND resolved_at IS NULL
  RETURNING id`;

/** The public moderation log: newest first, in a half-open window, withheld parts left out. */
export const SELECT_LOG = `
  SELECT id::float8 AS id, at, public FROM events
  WHERE entity_type = 'moderation' AND public IS NOT NULL
    AND ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2)
  ORDER BY id DESC LIMIT $3`;

export const INSERT_FLAG = `
  INSERT INTO observation_flags (observation_id, user_id, reason) VALUES ($1, $2, $3)
  ON CONFLICT (observation_id, user_id) DO NOTHING RETURNING observation_id`;

export const COUNT_FLAG = `
  UPDATE observations SET flags = flags + 1 WHERE id = $1 RETURNING flags`;

/** The approved reports of a group: what the flags on its public item hide together. */
export const SELECT_APPROVED_IN_GROUP = `
  SELECT id FROM observations WHERE group_id = $1 AND moderation = 'approved'
  ORDER BY created_at, id`;

export const SELECT_GROUP_OF = `
  SELECT group_id, moderation, held_for FROM observations WHERE id = $1`;
