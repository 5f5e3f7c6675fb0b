/**
 * SQL text for the incident feed. It reads only what the audit record serves the public: the
 * public part of incident events, never one that is withheld (its part is NULL then, and listed
 * in withheld_event_parts), never `not_shown` (hidden and aggregate categories), and only while
 * the incident is still shown as a point (a later move to a hidden category drops it here too).
 */

export interface FeedFilter {
  bbox: [number, number, number, number] | null;
  district: string | null;
  categories: string[] | null;
  limit: number;
}

export function selectFeedEvents(filter: FeedFilter): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = [
    `e.entity_type = 'incident'`,
    `e.public IS NOT NULL`,
    `NOT EXISTS (SELECT 1 FROM withheld_event_parts AS w WHERE w.event_id = e.id)`,
    `e.public ->> 'visibility' IN ('point', 'coarse')`,
    `(e.type = 'incident.created' OR (e.type = 'incident.updated' AND e.public -> 'changes' ? 'status'))`,
  ];
  const properties = `e.public -> 'feature' -> 'properties'`;
  if (filter.categories)
    where.push(`${properties} ->> 'category' = ANY(${param(filter.categories)}::text[])`);
  if (filter.district) where.push(`${properties} ->> 'district' = ${param(filter.district)}`);
  if (filter.bbox) {
    const [w, s, east, n] = filter.bbox;
    const lon = `(e.public -> 'feature' -> 'geometry' -> 'coordinates' ->> 0)::float8`;
    const lat = `(e.public -> 'feature' -> 'geometry' -> 'coordinates' ->> 1)::float8`;
    where.push(`${lon} BETWEEN ${param(w)} AND ${param(east)}`);
    where.push(`${lat} BETWEEN ${param(s)} AND ${param(n)}`);
  }
  return {
    text: `
      SELECT e.id::float8 AS id, e.type, e.public
      FROM events AS e
      JOIN incidents AS i ON i.id = e.entity_id AND i.visibility IN ('point', 'coarse')
      WHERE ${where.join(' AND ')}
      ORDER BY e.id DESC
      LIMIT ${param(filter.limit)}`,
    values,
  };
}

export const SELECT_DISTRICT = `SELECT name FROM districts WHERE name = $1`;
