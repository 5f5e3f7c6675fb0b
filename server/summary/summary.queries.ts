import { listConditions, type ListFilterOptions } from '../incidents/incidents.queries.js';
import type { ListFilterSql } from '../incidents/incidents.queries.js';

/**
 * Counts by category of the public incidents matching a filter: the public list's conditions
 * (public geometry, publicly listed policies only), so the counts match what the list and the
 * export give the public, never the dispatcher's view.
 */
export function buildSummaryQuery(filter: Omit<ListFilterOptions, 'exact'>): ListFilterSql {
  const values: unknown[] = [];
  const where = listConditions({ ...filter, exact: false }, values);
  const text = `SELECT category, count(*)::int AS count FROM incidents
    WHERE ${where.join(' AND ')}
    GROUP BY category ORDER BY count DESC, category`;
  return { text, values };
}
