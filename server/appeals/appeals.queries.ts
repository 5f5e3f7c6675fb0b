import { DISPATCHER_COLUMNS, PUBLICLY_LISTED } from '../incidents/incidents.queries.js';

/** SQL text for appeals. The public reads keep to incidents the public may see. */

const PUBLIC_APPEAL_COLUMNS = `
  a.id, a.incident_id, a.text, a.until, a.state, a.tips_published, a.thanks`;

export const INSERT_APPEAL = `
  INSERT INTO appeals (id, incident_id, text, until, state, opened_by, created_at)
  VALUES ($1, $2, $3, $4, 'open', $5, $6)
  RETURNING ${PUBLIC_APPEAL_COLUMNS.replaceAll('a.', '')}`;

export const SELECT_APPEAL_FOR_UPDATE = `
  SELECT ${PUBLIC_APPEAL_COLUMNS} FROM appeals AS a WHERE a.id = $1 FOR UPDATE`;

export const CLOSE_APPEAL = `
  UPDATE appeals SET state = 'closed', thanks = $2, closed_at = $3 WHERE id = $1
  RETURNING ${PUBLIC_APPEAL_COLUMNS.replaceAll('a.', '')}`;

/** The incident's row, locked, with what the appeal change needs to build its event. */
export const SELECT_INCIDENT_FOR_UPDATE = `
  SELECT ${DISPATCHER_COLUMNS} FROM incidents WHERE id = $1 FOR UPDATE`;

export const SET_INCIDENT_APPEAL = `
  UPDATE incidents SET public_appeal = $2::jsonb WHERE id = $1
  RETURNING ${DISPATCHER_COLUMNS}`;

export const SELECT_PUBLIC_APPEAL = `
  SELECT ${PUBLIC_APPEAL_COLUMNS} FROM appeals AS a JOIN incidents AS i ON i.id = a.incident_id
  WHERE a.id = $1 AND i.${PUBLICLY_LISTED}`;

/** Appeals of incidents the public sees, in a bbox of their public points, newest first. */
export function buildPublicAppealList(options: {
  bbox: [number, number, number, number] | undefined;
  state: 'open' | 'closed' | undefined;
  limit: number;
}): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = [`i.${PUBLICLY_LISTED}`];
  if (options.bbox) {
    const [minLon, minLat, maxLon, maxLat] = options.bbox;
    where.push(
      `i.public_location && ST_MakeEnvelope(${param(minLon)}, ${param(minLat)}, ${param(maxLon)}, ${param(maxLat)}, 4326)`,
    );
  }
  if (options.state) where.push(`a.state = ${param(options.state)}`);
  const text = `SELECT ${PUBLIC_APPEAL_COLUMNS}
    FROM appeals AS a JOIN incidents AS i ON i.id = a.incident_id
    WHERE ${where.join(' AND ')}
    ORDER BY a.created_at DESC, a.id DESC LIMIT ${param(options.limit)}`;
  return { text, values };
}
