import type { Bbox } from '../../shared/geo/bbox.js';
import { buildListQuery, type ListFilterSql } from '../incidents/incidents.queries.js';

export interface ExportFilters {
  bbox?: Bbox;
  from?: string;
  to?: string;
  categories?: string[];
}

/** The list query's own LIMIT clause is kept but can never be reached. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER - 1;

/**
 * The public incidents matching the filters, newest first: the public list's query (public
 * columns, `point`/`coarse` visibility only), never the dispatcher's.
 */
export function buildExportQuery(filters: ExportFilters): ListFilterSql {
  return buildListQuery({ ...filters, exact: false, limit: NO_LIMIT });
}
