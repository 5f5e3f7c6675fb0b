import type pg from 'pg';
import type {
  AccountabilityDetail,
  AccountabilityDetailQuery,
  SuppressibleCount,
} from '../../shared/schemas/accountability.js';
import { SELECT_RATINGS_BY_BUCKET, SELECT_TO_SCENE_BINS } from './accountability.queries.js';
import {
  checkedWindow,
  findDistrict,
  listDistricts,
  type AccountabilityOptions,
} from './accountability.service.js';
import { AdditiveGrid } from './additive-grid.js';
import { loadPeriodCounts } from './period-counts.js';
import { ELSEWHERE, periodFigures, PRIORITIES } from './period-figures.js';
import { suppressTable } from './suppression.js';

/** Lower edges of the time-to-scene bins, seconds; the last bin is open. */
export const TO_SCENE_BIN_EDGES = [
  0, 60, 120, 180, 240, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200,
];
const DAY_SECONDS = 86_400;

interface BinRow {
  district_id: string | null;
  priority: number;
  bin: number;
  count: number;
}
interface BucketRow {
  district_id: string | null;
  bucket: number;
  count: number;
  rating_sum: number;
}

function suppressedCount(value: number, mark: string | null): SuppressibleCount {
  return mark === null
    ? { value, suppressed: null }
    : { value: null, suppressed: mark as SuppressibleCount['suppressed'] };
}

/**
 * A grid of rows (districts and ELSEWHERE) × columns, suppressed as a whole; `read` gives the
 * asked row's cells (or the whole area's) as SuppressibleCounts.
 */
function suppressedGrid(
  rows: readonly string[],
  columns: readonly string[],
  value: (row: string, column: string) => number,
  k: number,
) {
  const grid = new AdditiveGrid(rows, columns, value);
  const marks = suppressTable(grid.table(), k);
  return (row: string | null, column: string): SuppressibleCount => {
    const index = row === null ? grid.columnTotal(column) : grid.cell(row, column);
    return suppressedCount(grid.values[index] ?? 0, marks[index] ?? null);
  };
}

/**
 * What the per-district charts draw: time to scene in bins per priority, feedback per week (per
 * day up to 14 days). Each is one table of every district × bin (or week), suppressed as a
 * whole, so the whole area's answer and a district's cannot be played against each other.
 */
export async function computeAccountabilityDetail(
  pool: pg.Pool,
  query: AccountabilityDetailQuery,
  options: AccountabilityOptions,
  now: Date = new Date(),
): Promise<AccountabilityDetail> {
  const window = checkedWindow(query, now);
  const districts = await listDistricts(pool);
  const wanted = query.district === undefined ? null : findDistrict(districts, query.district);
  const windowSeconds = (window.to.getTime() - window.from.getTime()) / 1000;
  const step = windowSeconds <= 14 * DAY_SECONDS ? DAY_SECONDS : 7 * DAY_SECONDS;
  const [bins, buckets, counts] = await Promise.all([
    pool.query<BinRow>(SELECT_TO_SCENE_BINS, [window.from, window.to, TO_SCENE_BIN_EDGES]),
    pool.query<BucketRow>(SELECT_RATINGS_BY_BUCKET, [window.from, window.to, step]),
    loadPeriodCounts(pool, window, options.targets),
  ]);
  const rows = [...districts.map((d) => d.id), ELSEWHERE];
  const row = wanted?.id ?? null;
  const binKeys = TO_SCENE_BIN_EDGES.map((_, i) => String(i + 1));
  const priorities = query.priority === undefined ? PRIORITIES : [query.priority];
  const binCount = new Map(
    bins.rows.map((b) => [`${b.district_id ?? ELSEWHERE}|${b.priority}|${b.bin}`, b.count]),
  );
  const toScene = priorities.map((priority) => {
    const read = suppressedGrid(
      rows,
      binKeys,
      (r, bin) => binCount.get(`${r}|${priority}|${bin}`) ?? 0,
      options.k,
    );
    return {
      priority,
      bins: TO_SCENE_BIN_EDGES.map((edge, i) => ({
        fromSeconds: edge,
        toSeconds: TO_SCENE_BIN_EDGES[i + 1] ?? null,
        count: read(row, String(i + 1)),
      })),
    };
  });

  const bucketCount = Math.ceil(windowSeconds / step);
  const bucketKeys = Array.from({ length: bucketCount }, (_, i) => String(i));
  const byBucket = new Map(
    buckets.rows.map((b) => [`${b.district_id ?? ELSEWHERE}|${b.bucket}`, b]),
  );
  const read = suppressedGrid(
    rows,
    bucketKeys,
    (r, bucket) => byBucket.get(`${r}|${bucket}`)?.count ?? 0,
    options.k,
  );
  // A week's mean with the period's mean withheld would give the withheld mean back.
  const periodMean = periodFigures(
    counts.current,
    districts.map((d) => d.id),
    options,
  ).get(row)?.feedback.mean;
  const sumOf = (bucket: string) =>
    row === null
      ? buckets.rows
          .filter((b) => String(b.bucket) === bucket)
          .reduce((s, b) => s + b.rating_sum, 0)
      : (byBucket.get(`${row}|${bucket}`)?.rating_sum ?? 0);
  const feedback = bucketKeys.map((bucket, i) => {
    const from = new Date(window.from.getTime() + i * step * 1000);
    const to = new Date(Math.min(window.to.getTime(), from.getTime() + step * 1000));
    const count = read(row, bucket);
    const mean =
      count.value !== null && count.value > 0 && typeof periodMean === 'number'
        ? sumOf(bucket) / count.value
        : null;
    return { from: from.toISOString(), to: to.toISOString(), count, mean };
  });
  return {
    district: wanted?.name ?? null,
    period: { from: window.from.toISOString(), to: window.to.toISOString() },
    k: options.k,
    toScene,
    feedback,
  };
}
