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

/**
 * Two shapes, so that neither reads the whole record: for an area, the incidents whose public
 * point lies in it (the GiST index on public_location) and their events; otherwise one window
 * of event ids (above, upTo] at a time (the primary key's range; the service walks back from
 * the head window by window until it has enough), each event checked against its incident. The area is tested on the public point only: the exact district would tell which
 * side of a border an incident near one lies.
 */
export function selectFeedEvents(
  filter: FeedFilter,
  ids: { above: number; upTo: number },
): { text: string; values: unknown[] } {
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
  if (filter.categories) {
    where.push(`${properties} ->> 'category' = ANY(${param(filter.categories)}::text[])`);
  }
  let area: string | null = null;
  if (filter.district) {
    const name = param(filter.district);
    where.push(`${properties} ->> 'district' = ${name}`);
    area = `EXISTS (SELECT 1 FROM districts AS d WHERE d.name = ${name}
      AND i.public_location && d.geometry AND ST_Covers(d.geometry, i.public_location))`;
  }
  if (filter.bbox) {
    const [w, s, east, n] = filter.bbox.map(param);
    const lon = `(e.public -> 'feature' -> 'geometry' -> 'coordinates' ->> 0)::float8`;
    const lat = `(e.public -> 'feature' -> 'geometry' -> 'coordinates' ->> 1)::float8`;
    where.push(`${lon} BETWEEN ${w} AND ${east}`, `${lat} BETWEEN ${s} AND ${n}`);
    area = `i.public_location && ST_MakeEnvelope(${w}, ${s}, ${east}, ${n}, 4326)`;
  }
  const limit = param(filter.limit);
  if (area) {
    return {
      text: `
        SELECT e.id::float8 AS id, e.type, e.public
        FROM incidents AS i
        JOIN events AS e ON e.entity_type = 'incident' AND e.entity_id = i.id
        WHERE i.visibility IN ('point', 'coarse') AND ${area} AND ${where.join(' AND ')}
        ORDER BY e.id DESC
        LIMIT ${limit}`,
      values,
    };
  }
  return {
    text: `
      SELECT e.id::float8 AS id, e.type, e.public
      FROM events AS e
      WHERE e.id > ${param(ids.above)} AND e.id <= ${param(ids.upTo)} AND ${where.join(' AND ')}
        AND (SELECT i.visibility FROM incidents AS i WHERE i.id = e.entity_id) IN ('point', 'coarse')
      ORDER BY e.id DESC
      LIMIT ${limit}`,
    values,
  };
}

/** Event ids are consecutive from 1 (migrations/004_events.sql): the head is the newest. */
export const SELECT_HEAD_ID = `SELECT last_id::float8 AS id FROM event_chain_head`;

export const SELECT_DISTRICT = `SELECT name FROM districts WHERE name = $1`;
