import type { Bbox } from '../../../shared/geo/bbox.js';
import type { ViewQuery } from '../api/rest.js';
import { categoryList } from './incident-filter.js';
import type { TimeRange } from './time-window.js';

/** The view the map shows (its box, the window's range, the categories) as the API takes it. */
export function viewQueryOf(
  bbox: Bbox | null,
  range: TimeRange,
  categories: readonly string[],
): ViewQuery | null {
  if (!bbox) return null;
  const chosen = categoryList({ categories: new Set(categories) });
  return { bbox, fromMs: range.fromMs, toMs: range.toMs, ...(chosen && { categories: chosen }) };
}
