/**
 * SQL text for responses and their steps. The incident's exact point is selected only by the
 * dispatcher reads and the writer's (which builds both parts of an event).
 */

const RESPONSE_COLUMNS = `
  r.id, r.incident_id, r.district_id, r.category, r.priority, r.officer_initiated, r.state,
  r.received_at, r.dispatched_at, r.en_route_at, r.on_scene_at, r.cleared_at, r.disposition,
  r.source, r.external_ref, r.created_at, r.updated_at`;

/** The incident's place as the public may see it: its policy and public point. */
const PUBLIC_PLACE_COLUMNS = `
  i.visibility,
  ST_X(i.public_location) AS public_lon, ST_Y(i.public_location) AS public_lat`;

const EXACT_PLACE_COLUMNS = `${PUBLIC_PLACE_COLUMNS},
  ST_X(i.location) AS exact_lon, ST_Y(i.location) AS exact_lat`;

/** Only these incidents' responses appear one by one in public output (as their incidents). */
const PUBLICLY_LISTED = `i.visibility IN ('point', 'coarse')`;

export const SELECT_INCIDENT_FOR_STEP = `
  SELECT id, category, priority, status, officer_initiated, district_id, reported_at
  FROM incidents WHERE id = $1 FOR UPDATE`;

export const SELECT_RESPONSE_OF_INCIDENT_FOR_UPDATE = `
  SELECT ${RESPONSE_COLUMNS} FROM responses AS r WHERE r.incident_id = $1 FOR UPDATE`;

export const SELECT_RESPONSE_FOR_UPDATE = `
  SELECT ${RESPONSE_COLUMNS} FROM responses AS r WHERE r.id = $1 FOR UPDATE`;

export const SELECT_STEPS = `
  SELECT id, seq, step, at, unit, disposition, supersedes, recorded_at
  FROM response_steps WHERE response_id = $1 ORDER BY seq`;

export const SELECT_PLACED_RESPONSE_EXACT = `
  SELECT ${RESPONSE_COLUMNS}, ${EXACT_PLACE_COLUMNS}
  FROM responses AS r LEFT JOIN incidents AS i ON i.id = r.incident_id
  WHERE r.id = $1`;

export const SELECT_RESPONSE_OF_INCIDENT_PUBLIC = `
  SELECT ${RESPONSE_COLUMNS}, ${PUBLIC_PLACE_COLUMNS}
  FROM responses AS r JOIN incidents AS i ON i.id = r.incident_id
  WHERE r.incident_id = $1 AND ${PUBLICLY_LISTED}`;

export const SELECT_RESPONSE_OF_INCIDENT_EXACT = `
  SELECT ${RESPONSE_COLUMNS}, ${EXACT_PLACE_COLUMNS}
  FROM responses AS r JOIN incidents AS i ON i.id = r.incident_id
  WHERE r.incident_id = $1`;

/** Whether the incident exists for this caller: 404 tells an unknown incident from no response. */
export const SELECT_INCIDENT_EXISTS_PUBLIC = `
  SELECT 1 FROM incidents AS i WHERE i.id = $1 AND ${PUBLICLY_LISTED}`;

export const SELECT_INCIDENT_EXISTS = `SELECT 1 FROM incidents WHERE id = $1`;

export const INSERT_RESPONSE = `
  INSERT INTO responses (id, incident_id, district_id, category, priority, officer_initiated,
    state, received_at, source, external_ref, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, 'received', $7, $8, $9, $10, $10)`;

export const INSERT_STEPS = `
  INSERT INTO response_steps (id, response_id, seq, step, at, unit, disposition, supersedes,
    recorded_at, recorded_by)
  SELECT id, $2, seq, step, at, unit, disposition, supersedes, $3, $4
  FROM unnest($1::uuid[], $5::int[], $6::text[], $7::timestamptz[], $8::text[], $9::text[],
    $10::uuid[]) AS s(id, seq, step, at, unit, disposition, supersedes)`;

/** The derived columns, recomputed from the standing steps after each step. */
export const UPDATE_DERIVED = `
  UPDATE responses SET state = $2, received_at = $3, dispatched_at = $4, en_route_at = $5,
    on_scene_at = $6, cleared_at = $7, disposition = $8, officer_initiated = $9, updated_at = $10
  WHERE id = $1`;

/** The incident's copies, kept in step with it (statistics read the response row alone). */
export const UPDATE_COPIES = `
  UPDATE responses SET category = $2, priority = $3, updated_at = $4 WHERE id = $1`;

export const MARK_INCIDENT_OFFICER_INITIATED = `
  UPDATE incidents SET officer_initiated = true WHERE id = $1 AND NOT officer_initiated`;

/** The last event about one response (uses the events_entity index). */
export const SELECT_LAST_EVENT_OF_RESPONSE = `
  SELECT coalesce(max(id), 0)::float8 AS id FROM events
  WHERE entity_type = 'response' AND entity_id = $1`;

export interface ResponseListSql {
  text: string;
  values: unknown[];
}

/** The map's first load: responses of incidents in a bbox, received in a window, newest first. */
export function buildResponseListQuery(options: {
  exact: boolean;
  bbox: [number, number, number, number] | undefined;
  from: string | undefined;
  to: string | undefined;
  limit: number;
}): ResponseListSql {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where: string[] = [];
  if (!options.exact) where.push(PUBLICLY_LISTED, 'i.public_location IS NOT NULL');
  if (options.bbox) {
    const [minLon, minLat, maxLon, maxLat] = options.bbox;
    const geometry = options.exact ? 'i.location' : 'i.public_location';
    where.push(
      `${geometry} && ST_MakeEnvelope(${param(minLon)}, ${param(minLat)}, ${param(maxLon)}, ${param(maxLat)}, 4326)`,
    );
  }
  if (options.from) where.push(`r.received_at >= ${param(options.from)}`);
  if (options.to) where.push(`r.received_at < ${param(options.to)}`);
  const columns = options.exact ? EXACT_PLACE_COLUMNS : PUBLIC_PLACE_COLUMNS;
  const text = `SELECT ${RESPONSE_COLUMNS}, ${columns}
    FROM responses AS r JOIN incidents AS i ON i.id = r.incident_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY r.received_at DESC, r.id DESC LIMIT ${param(options.limit)}`;
  return { text, values };
}
