import { CATEGORY_SLUGS, type CategorySlug } from '../../shared/categories.js';
import type {
  PeriodFigures,
  PriorityFigures,
  SuppressibleCount,
} from '../../shared/schemas/accountability.js';
import { PRIORITY_MAX, PRIORITY_MIN } from '../../shared/schemas/incident-constants.js';
import { RATING_MAX, RATING_MIN } from '../../shared/schemas/response-constants.js';
import { AdditiveGrid } from './additive-grid.js';
import { suppressTable, type Suppression } from './suppression.js';

/** The key of the row that holds what has no district (calls without a place, places outside). */
export const ELSEWHERE = '';

export const PRIORITIES = Array.from(
  { length: PRIORITY_MAX - PRIORITY_MIN + 1 },
  (_, i) => PRIORITY_MIN + i,
);
const RATINGS = Array.from({ length: RATING_MAX - RATING_MIN + 1 }, (_, i) => RATING_MIN + i);

/** Median and 90th percentile of one duration, and how many values they were taken over. */
export interface DurationSample {
  n: number;
  percentiles: [number, number] | null;
}

export interface ResponseCell {
  measured: number;
  officerInitiated: number;
  toDispatch: DurationSample;
  toScene: DurationSample;
  onScene: DurationSample;
  withinTarget: number;
}

/** What one window's queries found, keyed by district id (ELSEWHERE for none). */
export interface PeriodCounts {
  incidents: Map<string, Map<CategorySlug, number>>;
  ratings: Map<string, Map<number, number>>;
  /** Per district (and ELSEWHERE) and priority. */
  responses: Map<string, Map<number, ResponseCell>>;
  /** The whole area per priority: percentiles cannot be added up from the districts'. */
  wholeArea: Map<number, ResponseCell>;
}

export interface FigureOptions {
  k: number;
  targets: Record<number, number>;
}

type Mark = Suppression | null;
const WHOLE_AREA = null;

function count(value: number, mark: Mark): SuppressibleCount {
  return mark === null ? { value, suppressed: null } : { value: null, suppressed: mark };
}

function suppressGrid<R extends string, C extends string>(grid: AdditiveGrid<R, C>, k: number) {
  return suppressTable(grid.table(), k);
}

/**
 * One window's figures for every district and the whole area, suppressed: each additive table
 * (categories × districts, priorities × districts for measured and for officer-initiated
 * responses, ratings × districts) is suppressed as a whole, with the row of what has no district.
 */
export function periodFigures(
  counts: PeriodCounts,
  districtIds: readonly string[],
  options: FigureOptions,
): Map<string | null, PeriodFigures> {
  const rows = [...districtIds, ELSEWHERE];
  const incidents = new AdditiveGrid(
    rows,
    CATEGORY_SLUGS,
    (row, category) => counts.incidents.get(row)?.get(category) ?? 0,
  );
  const incidentMarks = suppressGrid(incidents, options.k);
  const priorityKeys = PRIORITIES.map(String);
  const measured = new AdditiveGrid(
    rows,
    priorityKeys,
    (row, p) => counts.responses.get(row)?.get(Number(p))?.measured ?? 0,
  );
  const measuredMarks = suppressGrid(measured, options.k);
  const initiated = new AdditiveGrid(
    rows,
    priorityKeys,
    (row, p) => counts.responses.get(row)?.get(Number(p))?.officerInitiated ?? 0,
  );
  const initiatedMarks = suppressGrid(initiated, options.k);
  const ratings = ratingTable(counts, rows, options.k);

  const figures = new Map<string | null, PeriodFigures>();
  for (const row of [...districtIds, WHOLE_AREA]) {
    figures.set(row, {
      incidents: {
        total: pick(incidents, incidentMarks, row === null ? null : incidents.rowTotal(row)),
        byCategory: CATEGORY_SLUGS.map((category) => ({
          category,
          count: pick(
            incidents,
            incidentMarks,
            row === null ? incidents.columnTotal(category) : incidents.cell(row, category),
          ),
        })),
      },
      responses: PRIORITIES.map((priority) => {
        const p = String(priority);
        const cell =
          row === null ? counts.wholeArea.get(priority) : counts.responses.get(row)?.get(priority);
        const index = (grid: AdditiveGrid<string, string>) =>
          row === null ? grid.columnTotal(p) : grid.cell(row, p);
        return priorityFigures(
          priority,
          cell,
          pick(measured, measuredMarks, index(measured)),
          pick(initiated, initiatedMarks, index(initiated)),
          options,
        );
      }),
      feedback: ratings.figures(row),
    });
  }
  return figures;
}

function pick<R extends string, C extends string>(
  grid: AdditiveGrid<R, C>,
  marks: readonly Mark[],
  index: number | null,
): SuppressibleCount {
  const at = index ?? grid.grandTotal();
  return count(grid.values[at] ?? 0, marks[at] ?? null);
}

function stats(sample: DurationSample | undefined, k: number, published: boolean) {
  const percentiles = sample?.percentiles ?? null;
  if (!published || percentiles === null || (sample?.n ?? 0) < k) {
    return { median: null, p90: null };
  }
  return { median: percentiles[0], p90: percentiles[1] };
}

function priorityFigures(
  priority: number,
  cell: ResponseCell | undefined,
  measured: SuppressibleCount,
  officerInitiated: SuppressibleCount,
  options: FigureOptions,
): PriorityFigures {
  const published = measured.suppressed === null;
  const reached = cell?.toScene.n ?? 0;
  return {
    priority,
    count: measured,
    officerInitiated,
    toDispatch: stats(cell?.toDispatch, options.k, published),
    toScene: stats(cell?.toScene, options.k, published),
    onScene: stats(cell?.onScene, options.k, published),
    targetSeconds: options.targets[priority] ?? 0,
    withinTarget: published && reached >= options.k ? (cell?.withinTarget ?? 0) / reached : null,
  };
}

/**
 * Ratings × districts, plus what a published mean gives away: the sum of ratings (mean × count)
 * is one more line, weighted 1 to 5, per district and for the whole area. The sum is never
 * smaller than its count, so it is suppressed only to protect a rating (then the mean is null);
 * with its count suppressed it counts as known, the safe side.
 */
function ratingTable(counts: PeriodCounts, rows: readonly string[], k: number) {
  const keys = RATINGS.map(String);
  const grid = new AdditiveGrid(
    rows,
    keys,
    (row, r) => counts.ratings.get(row)?.get(Number(r)) ?? 0,
  );
  const sumOf = (cells: number[]) =>
    cells.reduce((sum, cell, i) => sum + (grid.values[cell] ?? 0) * (RATINGS[i] ?? 0), 0);
  const base = grid.values.length;
  const sumLines: { terms: number[]; total: number; weights: number[] }[] = [];
  const sums: number[] = [];
  const sumIndex = new Map<string | null, number>();
  for (const row of [...rows, WHOLE_AREA]) {
    const terms = keys.map((r) => (row === null ? grid.columnTotal(r) : grid.cell(row, r)));
    sumIndex.set(row, base + sums.length);
    sumLines.push({ terms, total: base + sums.length, weights: RATINGS });
    sums.push(sumOf(terms));
  }
  const table = { values: [...grid.values, ...sums], lines: [...grid.lines, ...sumLines] };
  const marks = suppressTable(table, k);
  return {
    figures(row: string | null): PeriodFigures['feedback'] {
      const total = row === null ? grid.grandTotal() : grid.rowTotal(row);
      const cells = keys.map((r) => (row === null ? grid.columnTotal(r) : grid.cell(row, r)));
      const ratingCounts = cells.map((cell) => count(grid.values[cell] ?? 0, marks[cell] ?? null));
      const n = grid.values[total] ?? 0;
      const countCell = count(n, marks[total] ?? null);
      const sum = sumIndex.get(row) as number;
      const meanPublished = countCell.suppressed === null && marks[sum] === null && n > 0;
      const allPublished = ratingCounts.every((c) => c.suppressed === null);
      return {
        count: countCell,
        mean: meanPublished ? (table.values[sum] ?? 0) / n : null,
        distribution: allPublished ? ratingCounts.map((c) => c.value ?? 0) : null,
        ratings: ratingCounts,
      };
    },
  };
}
