/** SQL of the alerts themselves (server/alerts/alerts.service.ts). */

const ALERT_COLUMNS = `
  a.id, a.name, ST_AsGeoJSON(a.area, 15)::json AS area, d.name AS district, a.categories,
  a.triggers, to_char(a.quiet_start, 'HH24:MI') AS quiet_start,
  to_char(a.quiet_end, 'HH24:MI') AS quiet_end, a.quiet_time_zone, a.paused, a.created_at`;

export const SELECT_ALERTS_OF_USER = `
  SELECT ${ALERT_COLUMNS}
  FROM alerts AS a LEFT JOIN districts AS d ON d.id = a.district_id
  WHERE a.user_id = $1
  ORDER BY a.created_at, a.id`;

export const SELECT_ALERT_OF_USER = `
  SELECT ${ALERT_COLUMNS}
  FROM alerts AS a LEFT JOIN districts AS d ON d.id = a.district_id
  WHERE a.id = $1 AND a.user_id = $2`;

/** Locks the account's row: two creations at once cannot both pass the count. */
export const LOCK_USER = 'SELECT id FROM users WHERE id = $1 FOR UPDATE';

export const COUNT_ALERTS_OF_USER = 'SELECT count(*)::int AS count FROM alerts WHERE user_id = $1';

/** Validity, its reason, and the area in km² of a GeoJSON polygon. */
export const CHECK_POLYGON = `
  SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason,
         ST_Area(g::geography) / 1e6 AS km2
  FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g) AS s`;

export const SELECT_DISTRICT_ID = 'SELECT id FROM districts WHERE name = $1';

export const INSERT_ALERT = `
  INSERT INTO alerts (id, user_id, name, area, district_id, categories, triggers,
                      quiet_start, quiet_end, quiet_time_zone)
  VALUES ($1, $2, $3, ST_SetSRID(ST_GeomFromGeoJSON($4), 4326), $5, $6, $7, $8, $9, $10)`;

export const UPDATE_ALERT = `
  UPDATE alerts SET name = $3, area = ST_SetSRID(ST_GeomFromGeoJSON($4), 4326),
    district_id = $5, categories = $6, triggers = $7, quiet_start = $8, quiet_end = $9,
    quiet_time_zone = $10, paused = $11, updated_at = now()
  WHERE id = $1 AND user_id = $2`;

/** Notifications held by quiet hours go with the pause: a paused alert tells nothing more. */
export const DROP_UNDELIVERED_OF_ALERT =
  'DELETE FROM alert_notifications WHERE alert_id = $1 AND delivered_at IS NULL';

export const DELETE_ALERT = 'DELETE FROM alerts WHERE id = $1 AND user_id = $2';
