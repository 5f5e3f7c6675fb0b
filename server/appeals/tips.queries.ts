/**
 * SQL text for tips. Tips are for dispatch alone: no public query reads this table, and no
 * event is ever written about a tip (the public count is a windowed recount, tip-counts.*).
 */

/** The appeal a tip answers, locked against a close in between, if it takes tips now. */
export const SELECT_APPEAL_TAKING_TIPS = `
  SELECT a.id, a.state, a.until FROM appeals AS a JOIN incidents AS i ON i.id = a.incident_id
  WHERE a.id = $1 AND i.visibility IN ('point', 'coarse') FOR SHARE OF a`;

export const INSERT_TIP = `
  INSERT INTO tips (id, appeal_id, created_at, text, location, contact, personal_data,
    tipster_user_id, tipster_device, tipster_address)
  VALUES ($1, $2, $3, $4,
    CASE WHEN $5::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($5, $6), 4326) END,
    $7, $8, $9, $10, $11)`;

/** Tips in a tipster's limit window: how many, and when the oldest of them came. */
export const COUNT_TIPS_BY = {
  user: `SELECT count(*)::int AS count, min(created_at) AS oldest FROM tips
    WHERE tipster_user_id = $1 AND created_at > $2`,
  device: `SELECT count(*)::int AS count, min(created_at) AS oldest FROM tips
    WHERE tipster_device = $1 AND created_at > $2`,
  address: `SELECT count(*)::int AS count, min(created_at) AS oldest FROM tips
    WHERE tipster_address = $1 AND created_at > $2`,
} as const;

export const SELECT_APPEAL_EXISTS = `SELECT 1 FROM appeals WHERE id = $1`;

export const SELECT_TIPS_OF_APPEAL = `
  SELECT id, appeal_id, created_at, text, contact, personal_data,
    ST_X(location) AS lon, ST_Y(location) AS lat
  FROM tips WHERE appeal_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`;
