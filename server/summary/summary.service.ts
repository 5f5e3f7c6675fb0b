import type pg from 'pg';
import type { CategorySlug } from '../../shared/categories.js';
import { parsePlaceAndTime } from '../../shared/geo/place-and-time.js';
import type {
  IncidentSummary,
  IncidentSummaryQuery,
} from '../../shared/schemas/incident-summary.js';
import { InvalidRequestError } from '../errors.js';
import { buildSummaryQuery } from './summary.queries.js';

/** The public counts of a view, checked as the list checks its filters. */
export async function summariseIncidents(
  pool: pg.Pool,
  query: IncidentSummaryQuery,
): Promise<IncidentSummary> {
  const checked = parsePlaceAndTime(query);
  if (!checked.ok) throw new InvalidRequestError(checked.message);
  const sql = buildSummaryQuery({
    bbox: checked.bbox,
    from: query.from,
    to: query.to,
    categories: query.category,
  });
  const rows = (await pool.query<{ category: CategorySlug; count: number }>(sql.text, sql.values))
    .rows;
  return {
    total: rows.reduce((sum, row) => sum + row.count, 0),
    byCategory: rows.map(({ category, count }) => ({ category, count })),
  };
}
