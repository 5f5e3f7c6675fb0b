import {
  ACCOUNTABILITY_PERIODS,
  type AccountabilityPeriod,
} from '../../../../shared/schemas/accountability.js';
import { PRIORITY_MAX, PRIORITY_MIN } from '../../../../shared/schemas/incident-constants.js';
import { ACCOUNTABILITY_METRICS, type AccountabilityMetric } from './accountability-model.js';

/** What the accountability view shows; in the query string, so a link opens the same. */
export interface ViewOptions {
  metric: AccountabilityMetric;
  period: AccountabilityPeriod;
  priority: number;
}

export const DEFAULT_OPTIONS: ViewOptions = {
  metric: 'toSceneMedian',
  period: 'month',
  priority: 1,
};

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return values.includes(value as T) ? (value as T) : fallback;
}

export function readOptions(search: string): ViewOptions {
  const query = new URLSearchParams(search);
  const priority = Number(query.get('priority'));
  return {
    metric: oneOf(ACCOUNTABILITY_METRICS, query.get('metric'), DEFAULT_OPTIONS.metric),
    period: oneOf(ACCOUNTABILITY_PERIODS, query.get('period'), DEFAULT_OPTIONS.period),
    priority:
      Number.isInteger(priority) && priority >= PRIORITY_MIN && priority <= PRIORITY_MAX
        ? priority
        : DEFAULT_OPTIONS.priority,
  };
}

/** The query string with the options in it (defaults left out, other parameters kept). */
export function writeOptions(options: ViewOptions, search: string): string {
  const query = new URLSearchParams(search);
  const set = (key: string, value: string, fallback: string) => {
    if (value === fallback) query.delete(key);
    else query.set(key, value);
  };
  set('metric', options.metric, DEFAULT_OPTIONS.metric);
  set('period', options.period, DEFAULT_OPTIONS.period);
  set('priority', String(options.priority), String(DEFAULT_OPTIONS.priority));
  const text = query.toString();
  return text ? `?${text}` : '';
}

/**
 * The district whose charts a link opens (`?district=`, as the stats embed's "open the full
 * view" writes it); undefined: none.
 */
export function readChartsDistrict(search: string): string | undefined {
  const district = new URLSearchParams(search).get('district')?.trim();
  return district ? district : undefined;
}
