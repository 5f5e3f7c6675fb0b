import type pg from 'pg';
import type { CategorySlug } from '../../shared/categories.js';
import {
  SELECT_INCIDENT_COUNTS,
  SELECT_RATING_COUNTS,
  SELECT_RESPONSE_FIGURES,
} from './accountability.queries.js';
import { ELSEWHERE, PRIORITIES, type PeriodCounts, type ResponseCell } from './period-figures.js';
import type { StatisticsWindow } from './window.js';

interface ResponseRow {
  current: boolean;
  district_id: string | null;
  whole_area: boolean;
  priority: number;
  measured: number;
  officer_initiated: number;
  dispatched: number;
  on_scene: number;
  cleared: number;
  within_target: number;
  to_dispatch: [number, number] | null;
  to_scene: [number, number] | null;
  on_scene_time: [number, number] | null;
}

interface CountRow {
  current: boolean;
  district_id: string | null;
  count: number;
}

function emptyCounts(): PeriodCounts {
  return { incidents: new Map(), ratings: new Map(), responses: new Map(), wholeArea: new Map() };
}

function nested<K, V>(map: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}

function responseCell(row: ResponseRow): ResponseCell {
  return {
    measured: row.measured,
    officerInitiated: row.officer_initiated,
    toDispatch: { n: row.dispatched, percentiles: row.to_dispatch },
    toScene: { n: row.on_scene, percentiles: row.to_scene },
    onScene: { n: row.cleared, percentiles: row.on_scene_time },
    withinTarget: row.within_target,
  };
}

/** Targets as the SQL array the response query indexes by priority. */
function targetArray(targets: Record<number, number>): number[] {
  return PRIORITIES.map((priority) => targets[priority] ?? 0);
}

/**
 * The counts of the current window and the one before it: three queries, run side by side on
 * the pool's connections.
 */
export async function loadPeriodCounts(
  pool: pg.Pool,
  window: StatisticsWindow,
  targets: Record<number, number>,
): Promise<{ current: PeriodCounts; previous: PeriodCounts }> {
  const bounds = [window.previousFrom, window.from, window.to];
  const [responses, incidents, ratings] = await Promise.all([
    pool.query<ResponseRow>(SELECT_RESPONSE_FIGURES, [...bounds, targetArray(targets)]),
    pool.query<CountRow & { category: CategorySlug }>(SELECT_INCIDENT_COUNTS, bounds),
    pool.query<CountRow & { rating: number }>(SELECT_RATING_COUNTS, bounds),
  ]);
  const current = emptyCounts();
  const previous = emptyCounts();
  const of = (row: { current: boolean }) => (row.current ? current : previous);
  for (const row of responses.rows) {
    if (row.whole_area) of(row).wholeArea.set(row.priority, responseCell(row));
    else
      nested(of(row).responses, row.district_id ?? ELSEWHERE).set(row.priority, responseCell(row));
  }
  for (const row of incidents.rows) {
    const cells = nested(of(row).incidents, row.district_id ?? ELSEWHERE);
    cells.set(row.category, row.count);
  }
  for (const row of ratings.rows) {
    nested(of(row).ratings, row.district_id ?? ELSEWHERE).set(row.rating, row.count);
  }
  return { current, previous };
}
