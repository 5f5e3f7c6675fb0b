/**
 * SQL text for observations. ROW_COLUMNS never names the reporter columns (reporter_user_id,
 * reporter_device, reporter_key, reporter_address) nor target_cell: what is built from a row
 * cannot carry them. Public reads go through the group queries and read public columns only.
 */

export const ROW_COLUMNS = `
  id, category, behaviours, observed_at, created_at, updated_at,
  ST_X(location) AS exact_lon, ST_Y(location) AS exact_lat, text,
  ST_X(public_location) AS public_lon, ST_Y(public_location) AS public_lat, public_cell,
  public_district, public_place, public_text, moderation, held_for, decision_reason,
  verification, group_id, incident_id`;

export const INSERT_OBSERVATION = `
  INSERT INTO observations (
    id, category, behaviours, observed_at, created_at, updated_at, location, text,
    reporter_user_id, reporter_device, reporter_address, reporter_key, public_location,
    public_cell, public_district, public_place, public_text, moderation, held_for,
    verification, group_id, incident_id, target_cell)
  VALUES ($1, $2, $3, $4, $5, $5, ST_SetSRID(ST_MakePoint($6, $7), 4326), $8, $9, $10, $11, $12,
    ST_SetSRID(ST_MakePoint($13, $14), 4326), $15, $16, $17, $18, $19, $20, 'unverified', $21,
    $22, $23)
  RETURNING ${ROW_COLUMNS}`;

/** Serialises writers that decide together (a group, a target cell, a reporter's limit). */
export const LOCK_KEY = `SELECT pg_advisory_xact_lock(hashtextextended($1, 17))`;

/**
 * The group a new report joins: the earliest first report of the same kind in the same public
 * cell observed within two hours of it.
 */
export const SELECT_GROUP_TO_JOIN = `
  SELECT id FROM observations
  WHERE category = $1 AND public_cell = $2 AND id = group_id
    AND observed_at BETWEEN $3::timestamptz - interval '2 hours'
                        AND $3::timestamptz + interval '2 hours'
  ORDER BY observed_at, id LIMIT 1`;

/** A group's reports, oldest first, with the key of their reporter (counted, never output). */
export const SELECT_GROUP_MEMBERS = `
  SELECT ${ROW_COLUMNS}, coalesce(reporter_key, id::text) AS reporter_key
  FROM observations WHERE group_id = $1 ORDER BY created_at, id`;

export const SELECT_ONE = `
  SELECT ${ROW_COLUMNS} FROM observations WHERE id = $1`;

export const SELECT_FOR_UPDATE = `
  SELECT ${ROW_COLUMNS} FROM observations WHERE id = $1 FOR UPDATE`;

/** Whether the report is the caller's: by account, or by the HMAC of the device token. */
export const SELECT_OWNER = `
  SELECT reporter_user_id::text AS user_id, reporter_device AS device
  FROM observations WHERE id = $1`;

/** The last event about a group (its public item), for the `removed` it may send. */
export const SELECT_LAST_EVENT_OF_GROUP = `
  SELECT coalesce(max(id), 0)::float8 AS id FROM events
  WHERE entity_type = 'observation' AND entity_id = $1`;

/** Changes the states and moderated text of one report (observation-state.ts). */
export const UPDATE_STATES = `
  UPDATE observations SET
    moderation = $2, held_for = $3, public_text = $4, decision_reason = $5,
    verification = $6, incident_id = $7, updated_at = $8
  WHERE id = $1
  RETURNING ${ROW_COLUMNS}`;

/** Reports in a reporter's limit window: how many, and when the oldest of them came. */
export const COUNT_BY_USER = `
  SELECT count(*)::int AS count, min(created_at) AS oldest FROM observations
  WHERE reporter_user_id = $1 AND created_at > $2`;
export const COUNT_BY_DEVICE = `
  SELECT count(*)::int AS count, min(created_at) AS oldest FROM observations
  WHERE reporter_device = $1 AND created_at > $2`;
export const COUNT_BY_ADDRESS = `
  SELECT count(*)::int AS count, min(created_at) AS oldest FROM observations
  WHERE reporter_address = $1 AND created_at > $2`;

/** Independent reporters about one small (150 m) cell since a time, the new one included. */
export const COUNT_TARGET_REPORTERS = `
  SELECT count(DISTINCT coalesce(reporter_key, id::text))::int AS reporters FROM observations
  WHERE target_cell = $1 AND created_at > $2`;

export const SELECT_RECENT_ALERT = `
  SELECT id FROM moderation_alerts WHERE target_cell = $1 AND raised_at > $2 LIMIT 1`;

export const INSERT_ALERT = `
  INSERT INTO moderation_alerts (id, public_cell, target_cell, raised_at, reporters)
  VALUES ($1, $2, $3, $4, $5)`;

/** The group ids with an approved report, in a bbox and window, newest first (public list). */
export function listGroupsQuery(options: {
  bbox: [number, number, number, number] | undefined;
  from: string | undefined;
  to: string | undefined;
  categories: string[] | undefined;
  limit: number;
  exact: boolean;
}): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = [];
  if (!options.exact) where.push(`moderation = 'approved'`);
  const geometry = options.exact ? 'location' : 'public_location';
  if (options.bbox) {
    const [w, s, e, n] = options.bbox;
    where.push(
      `${geometry} && ST_MakeEnvelope(${param(w)}, ${param(s)}, ${param(e)}, ${param(n)}, 4326)`,
    );
  }
  if (options.from) where.push(`observed_at >= ${param(options.from)}`);
  if (options.to) where.push(`observed_at < ${param(options.to)}`);
  if (options.categories?.length) where.push(`category = ANY(${param(options.categories)})`);
  const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  if (options.exact) {
    return {
      text: `SELECT ${ROW_COLUMNS} FROM observations ${condition}
             ORDER BY observed_at DESC, id DESC LIMIT ${param(options.limit)}`,
      values,
    };
  }
  return {
    text: `SELECT group_id FROM observations ${condition}
           GROUP BY group_id ORDER BY min(observed_at) DESC, group_id DESC
           LIMIT ${param(options.limit)}`,
    values,
  };
}

/** The reports of several groups (public list), with their reporters' keys. */
export const SELECT_MEMBERS_OF_GROUPS = `
  SELECT ${ROW_COLUMNS}, coalesce(reporter_key, id::text) AS reporter_key
  FROM observations WHERE group_id = ANY($1::uuid[]) ORDER BY created_at, id`;

export const SELECT_MINE_BY_USER = `
  SELECT ${ROW_COLUMNS} FROM observations WHERE reporter_user_id = $1
  ORDER BY created_at DESC LIMIT 200`;
export const SELECT_MINE_BY_DEVICE = `
  SELECT ${ROW_COLUMNS} FROM observations WHERE reporter_device = $1
  ORDER BY created_at DESC LIMIT 200`;

export const DELETE_EXPIRED_CHALLENGES = `DELETE FROM used_challenges WHERE expires_at < now()`;
export const INSERT_USED_CHALLENGE = `
  INSERT INTO used_challenges (challenge_id, expires_at) VALUES ($1, $2)
  ON CONFLICT (challenge_id) DO NOTHING RETURNING challenge_id`;
