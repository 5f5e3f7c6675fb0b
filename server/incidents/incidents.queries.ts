import { incidentsTable } from './incident-table.js';

/**
 * SQL text for incidents. Public reads select PUBLIC_COLUMNS only; the exact columns appear
 * only in DISPATCHER_COLUMNS and in the record writer's statements (incident-table.ts).
 */

export const PUBLIC_COLUMNS = incidentsTable.sql.selectPublic;

export const DISPATCHER_COLUMNS = incidentsTable.sql.selectAll;

/** Only these categories' incidents appear one by one in public output. */
export const PUBLICLY_LISTED = `visibility IN ('point', 'coarse')`;

export const SELECT_BY_SOURCE_REFS = `
  SELECT ${DISPATCHER_COLUMNS} FROM incidents
  WHERE (source, external_ref) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;

export const SELECT_FOR_UPDATE = `
  SELECT ${DISPATCHER_COLUMNS} FROM incidents WHERE id = $1 FOR UPDATE`;

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

export interface ListFilterOptions {
  exact: boolean;
  bbox?: [number, number, number, number] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  categories?: string[] | undefined;
  statuses?: string[] | undefined;
}

/**
 * The WHERE conditions of a list filter, shared by the list and the counts of a view. Every
 * user value travels as a parameter (added to `values`); the public filter keeps to the public
 * geometry and the publicly listed policies.
 */
export function listConditions(options: ListFilterOptions, values: unknown[]): string[] {
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
  return where;
}

/**
 * Builds the list query. Every user value travels as a parameter; only the geometry column
 * and the select list are chosen, from the two fixed alternatives above.
 */
export function buildListQuery(
  options: ListFilterOptions & {
    cursor?: { occurredAt: string; id: string } | undefined;
    limit: number;
  },
): ListFilterSql {
  const values: unknown[] = [];
  const where = listConditions(options, values);
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
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
