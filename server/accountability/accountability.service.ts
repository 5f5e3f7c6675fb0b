import type pg from 'pg';
import type {
  Accountability,
  AccountabilityQuery,
  DistrictStatistics,
  PeriodFigures,
} from '../../shared/schemas/accountability.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import { SELECT_DISTRICT_NAMES } from './accountability.queries.js';
import { loadPeriodCounts } from './period-counts.js';
import { periodFigures, type FigureOptions } from './period-figures.js';
import { resolveWindow, type StatisticsWindow } from './window.js';

export type AccountabilityOptions = FigureOptions;

export interface DistrictName {
  id: string;
  name: string;
}

export async function listDistricts(pool: pg.Pool): Promise<DistrictName[]> {
  return (await pool.query<DistrictName>(SELECT_DISTRICT_NAMES)).rows;
}

/** The district a query names, by name (or by id), or a 404. */
export function findDistrict(districts: readonly DistrictName[], wanted: string): DistrictName {
  const found = districts.find((d) => d.name === wanted) ?? districts.find((d) => d.id === wanted);
  if (!found) throw new NotFoundError(`District "${wanted}"`);
  return found;
}

export function checkedWindow(
  query: Pick<AccountabilityQuery, 'period' | 'from' | 'to'>,
  now: Date,
): StatisticsWindow {
  const resolved = resolveWindow(query, now);
  if (!resolved.ok) throw new InvalidRequestError(resolved.message);
  return resolved.window;
}

function difference(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : current - previous;
}

function changeOf(current: PeriodFigures, previous: PeriodFigures): DistrictStatistics['change'] {
  return {
    incidents: difference(current.incidents.total.value, previous.incidents.total.value),
    feedbackMean: difference(current.feedback.mean, previous.feedback.mean),
    responses: current.responses.map((figures, i) => {
      const before = previous.responses[i];
      return {
        priority: figures.priority,
        toSceneMedian: difference(figures.toScene.median, before?.toScene.median ?? null),
        withinTarget: difference(figures.withinTarget, before?.withinTarget ?? null),
      };
    }),
  };
}

/** Only the priority asked for; suppression was decided on the whole table first. */
function onlyPriority(figures: PeriodFigures, priority: number | undefined): PeriodFigures {
  if (priority === undefined) return figures;
  return { ...figures, responses: figures.responses.filter((f) => f.priority === priority) };
}

function statistics(
  district: string | null,
  current: PeriodFigures,
  previous: PeriodFigures,
  priority: number | undefined,
): DistrictStatistics {
  const change = changeOf(current, previous);
  return {
    district,
    current: onlyPriority(current, priority),
    previous: onlyPriority(previous, priority),
    change: {
      ...change,
      responses: change.responses.filter((c) => priority === undefined || c.priority === priority),
    },
  };
}

/**
 * The statistics of a window and the one before it, for every district (or the one asked for)
 * and the whole area. Suppression is always decided on the whole table, so the answer for one
 * district or one priority is a slice of the answer for all, never a different table.
 */
export async function computeAccountability(
  pool: pg.Pool,
  query: AccountabilityQuery,
  options: AccountabilityOptions,
  now: Date = new Date(),
): Promise<Accountability> {
  const window = checkedWindow(query, now);
  const districts = await listDistricts(pool);
  const wanted = query.district === undefined ? null : findDistrict(districts, query.district);
  const counts = await loadPeriodCounts(pool, window, options.targets);
  const ids = districts.map((d) => d.id);
  const current = periodFigures(counts.current, ids, options);
  const previous = periodFigures(counts.previous, ids, options);
  const shown = wanted === null ? districts : [wanted];
  const of = (id: string | null) => [current.get(id), previous.get(id)] as const;
  return {
    period: { from: window.from.toISOString(), to: window.to.toISOString() },
    previousPeriod: { from: window.previousFrom.toISOString(), to: window.from.toISOString() },
    k: options.k,
    districts: shown.map((d) => {
      const [now_, before] = of(d.id);
      return statistics(d.name, now_ as PeriodFigures, before as PeriodFigures, query.priority);
    }),
    total: statistics(
      null,
      current.get(null) as PeriodFigures,
      previous.get(null) as PeriodFigures,
      query.priority,
    ),
  };
}
