/**
 * SQL text for incidents. Public reads select `public_location` and `public_summary` only;
 * the exact columns appear only in DISPATCHER_COLUMNS and in the write statements.
 */

const COMMON_COLUMNS = `
  id, category, priority, status, visibility, source, occurred_at, reported_at,
  created_at, updated_at, public_summary,
  ST_X(public_location) AS public_lon, ST_Y(public_location) AS public_lat`;

export const PUBLIC_COLUMNS = COMMON_COLUMNS;

export const DISPATCHER_COLUMNS = `${COMMON_COLUMNS}, summary, external_ref,
  ST_X(location) AS exact_lon, ST_Y(location) AS exact_lat`;

/** Only these categories' incidents appear one by one in public output. */
export const PUBLICLY_LISTED = `visibility IN ('point', 'coarse')`;

/** Inserts a batch; a row whose (source, external_ref) exists already is skipped, not an error. */
export const INSERT_INCIDENTS = `
  INSERT INTO incidents (id, category, priority, status, summary, public_summary, occurred_at,
    reported_at, location, visibility, public_location, source, external_ref, created_at, updated_at)
  SELECT id, category, priority, 'open', summary, public_summary, occurred_at, reported_at,
    ST_SetSRID(ST_MakePoint(lon, lat), 4326), visibility,
    CASE WHEN public_lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(public_lon, public_lat), 4326) END,
    source, external_ref, created_at, created_at
  FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::timestamptz[],
              $7::timestamptz[], $8::float8[], $9::float8[], $10::text[], $11::float8[],
              $12::float8[], $13::text[], $14::text[], $15::timestamptz[])
    AS r(id, category, priority, summary, public_summary, occurred_at, reported_at, lon, lat,
         visibility, public_lon, public_lat, source, external_ref, created_at)
  ON CONFLICT (source, external_ref) DO NOTHING
  RETURNING ${DISPATCHER_COLUMNS}`;

/**
 * The batch insert and its events in one statement: $16 holds the prepared created-events of
 * every row, and only those of rows actually inserted are chained. One statement means the
 * chain lock, taken last, is held for no round trip to the client.
 */
export const INSERT_INCIDENTS_WITH_EVENTS = `
  WITH inserted AS MATERIALIZED (${INSERT_INCIDENTS}),
  appended AS MATERIALIZED (
    SELECT count(*) AS n FROM append_events((
      SELECT coalesce(jsonb_agg(e.value ORDER BY e.position), '[]'::jsonb)
      FROM jsonb_array_elements($16::jsonb) WITH ORDINALITY AS e(value, position)
      WHERE (e.value->>'entityId')::uuid IN (SELECT id FROM inserted)))
  )
  SELECT inserted.* FROM inserted, appended`;

export const SELECT_BY_SOURCE_REFS = `
  SELECT ${DISPATCHER_COLUMNS} FROM incidents
  WHERE (source, external_ref) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;

export const SELECT_FOR_UPDATE = `
  SELECT ${DISPATCHER_COLUMNS} FROM incidents WHERE id = $1 FOR UPDATE`;

export const UPDATE_INCIDENT = `
  UPDATE incidents SET category = $2, priority = $3, status = $4, summary = $5,
    public_summary = $6, visibility = $7,
    public_location = CASE WHEN $8::float8 IS NULL THEN NULL
                           ELSE ST_SetSRID(ST_MakePoint($8, $9), 4326) END,
    updated_at = $10
  WHERE id = $1
  RETURNING ${DISPATCHER_COLUMNS}`;

/** The last event about one incident (uses the events_entity index). */
export const SELECT_LAST_EVENT_OF_INCIDENT = `
  SELECT coalesce(max(id), 0)::float8 AS id FROM events
  WHERE entity_type = 'incident' AND entity_id = $1`;

export const SELECT_ONE_PUBLIC = `
  SELECT ${PUBLIC_COLUMNS} FROM incidents WHERE id = $1 AND ${PUBLICLY_LISTED}`;

export const SELECT_ONE_DISPATCHER = `
  SELECT ${DISPATCHER_COLUMNS} FROM incidents WHERE id = $1`;

export interface ListFilterSql {
  text: string;
  values: unknown[];
}

/**
 * Builds the list query. Every user value travels as a parameter; only the geometry column
 * and the select list are chosen, from the two fixed alternatives above.
 */
export function buildListQuery(options: {
  exact: boolean;
  bbox?: [number, number, number, number];
  from?: string;
  to?: string;
  categories?: string[];
  statuses?: string[];
  cursor?: { occurredAt: string; id: string };
  limit: number;
}): ListFilterSql {
  const values: unknown[] = [];
  const where: string[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const geometry = options.exact ? 'location' : 'public_location';
  if (!options.exact) where.push(PUBLICLY_LISTED);
  if (options.bbox) {
    const [minLon, minLat, maxLon, maxLat] = options.bbox;
    where.push(
      `${geometry} && ST_MakeEnvelope(${param(minLon)}, ${param(minLat)}, ${param(maxLon)}, ${param(maxLat)}, 4326)`,
    );
  }
  if (options.from) where.push(`occurred_at >= ${param(options.from)}`);
  if (options.to) where.push(`occurred_at < ${param(options.to)}`);
  if (options.categories?.length)
    where.push(`category = ANY(${param(options.categories)}::text[])`);
  if (options.statuses?.length) where.push(`status = ANY(${param(options.statuses)}::text[])`);
  if (options.cursor) {
    where.push(
      `(occurred_at, id) < (${param(options.cursor.occurredAt)}::timestamptz, ${param(options.cursor.id)}::uuid)`,
    );
  }
  const columns = options.exact ? DISPATCHER_COLUMNS : PUBLIC_COLUMNS;
  const text = `SELECT ${columns} FROM incidents
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY occurred_at DESC, id DESC LIMIT ${param(options.limit + 1)}`;
  return { text, values };
}
