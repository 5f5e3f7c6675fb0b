/** SQL of the alert matcher (server/alerts/alert-matcher.ts). */

/** The cursor, held for the transaction; another process holding it means "busy, skip". */
export const LOCK_CURSOR = 'SELECT last_event_id FROM alert_matcher_cursor FOR UPDATE SKIP LOCKED';

export const ADVANCE_CURSOR = 'UPDATE alert_matcher_cursor SET last_event_id = $1';

/** The last id of the next batch of events after the cursor (ids commit in order). */
export const BATCH_END = `
  SELECT max(id) AS up_to FROM (SELECT id FROM events WHERE id > $1 ORDER BY id LIMIT $2) AS b`;

/**
 * The alerts each incident event of the batch matches. Only the event's public part is read:
 * its feature exists only where the category's public policy shows a point (`point` or
 * `coarse`), and its point is the public one, the cell's, so the match is a function of the
 * cell alone and says nothing of where in it the incident is. A withheld public part (NULL)
 * matches nothing. `incident` is what the notification keeps: public fields only.
 */
export const SELECT_MATCHES = `
  SELECT e.id AS event_id, m.trigger, a.id AS alert_id, a.user_id,
         to_char(a.quiet_start, 'HH24:MI') AS quiet_start,
         to_char(a.quiet_end, 'HH24:MI') AS quiet_end, a.quiet_time_zone,
         jsonb_build_object(
           'id', m.f->>'id',
           'category', m.f->'properties'->>'category',
           'status', m.f->'properties'->>'status',
           'point', m.f->'geometry'->'coordinates',
           'occurredAt', m.f->'properties'->>'occurredAt') AS incident
  FROM events AS e
  CROSS JOIN LATERAL (
    SELECT e.public->'feature' AS f,
           CASE WHEN e.type = 'incident.created' THEN 'created' ELSE 'status_changed' END AS trigger
  ) AS m
  CROSS JOIN LATERAL (
    SELECT ST_SetSRID(ST_MakePoint((m.f->'geometry'->'coordinates'->>0)::float8,
                                   (m.f->'geometry'->'coordinates'->>1)::float8), 4326) AS point
  ) AS p
  JOIN alerts AS a
    ON NOT a.paused
   AND m.trigger = ANY (a.triggers)
   AND (cardinality(a.categories) = 0 OR m.f->'properties'->>'category' = ANY (a.categories))
  LEFT JOIN districts AS d ON d.id = a.district_id
  WHERE e.id > $1 AND e.id <= $2
    AND e.entity_type = 'incident'
    AND e.public->>'visibility' IN ('point', 'coarse')
    AND m.f->'geometry'->>'type' = 'Point'
    AND (e.type = 'incident.created'
         OR (e.type = 'incident.updated' AND e.public->'changes' ? 'status'))
    AND ST_Intersects(COALESCE(a.area, d.geometry), p.point)
  ORDER BY e.id, a.id`;

/** Once per alert per event: a second matcher (or run) finds the row there and adds nothing. */
export const INSERT_NOTIFICATIONS = `
  INSERT INTO alert_notifications (id, alert_id, user_id, event_id, trigger, incident, due_at)
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::bigint[], $5::text[],
                       $6::jsonb[], $7::timestamptz[])
  ON CONFLICT (alert_id, event_id) DO NOTHING`;
