import type {
  DistrictStatistics,
  PeriodFigures,
  Suppression,
} from '../../../shared/schemas/accountability.js';
import {
  countValue,
  metricChange,
  metricValue,
  type MetricUnit,
  type MetricValue,
} from '../views/accountability/accountability-model.js';
import { formatChange, formatFigure } from '../views/accountability/format-figures.js';
import type { StatsEmbedParams } from '../../../shared/embed/embed-params.js';
import type { StatsText } from './stats-i18n.js';

/**
 * What the stats panel shows, pure: the figures of the app's accountability model (withheld
 * never the same as missing), picked and written for one district.
 */

/**
 * shared/schemas/accountability.ts's SUPPRESSIONS, written out: importing the schema module's
 * values would bundle TypeBox into the embed.
 */
export const SUPPRESSION_REASONS: readonly Suppression[] = ['fewer_than_k', 'complementary'];

export interface CategoryFigure {
  category: string;
  value: number;
}

export interface TopCategories {
  shown: CategoryFigure[];
  /** How many categories' counts are withheld, by reason (they may be among the most frequent). */
  withheld: Record<Suppression, number>;
}

/** The `limit` most frequent published categories, largest first (ties by slug). */
export function topCategories(figures: PeriodFigures, limit = 3): TopCategories {
  const published = figures.incidents.byCategory.flatMap((entry) =>
    entry.count.suppressed === null && entry.count.value !== null && entry.count.value > 0
      ? [{ category: entry.category, value: entry.count.value }]
      : [],
  );
  published.sort((a, b) => b.value - a.value || a.category.localeCompare(b.category));
  const withheld: Record<Suppression, number> = { fewer_than_k: 0, complementary: 0 };
  for (const { count } of figures.incidents.byCategory) {
    if (count.suppressed !== null) withheld[count.suppressed] += 1;
  }
  return { shown: published.slice(0, limit), withheld };
}

/** One priority's response times, each a value or the reason it is withheld. */
export interface PriorityRow {
  priority: number;
  count: MetricValue;
  median: MetricValue;
  p90: MetricValue;
  withinTarget: MetricValue;
  targetSeconds: number;
  medianChange: number | null;
}

export function priorityRows(statistics: DistrictStatistics): PriorityRow[] {
  return statistics.current.responses.map((figures) => {
    const { priority } = figures;
    return {
      priority,
      count: countValue(figures.count),
      median: metricValue(statistics.current, 'toSceneMedian', priority),
      p90: metricValue(statistics.current, 'toSceneP90', priority),
      withinTarget: metricValue(statistics.current, 'withinTarget', priority),
      targetSeconds: figures.targetSeconds,
      medianChange: metricChange(statistics, 'toSceneMedian', priority),
    };
  });
}

/** The headline figures of the panel, with their change against the period before. */
export interface HeadlineFigures {
  incidents: MetricValue;
  incidentsChange: number | null;
  feedbackCount: MetricValue;
  feedbackMean: MetricValue;
  feedbackMeanChange: number | null;
}

export function headlineFigures(statistics: DistrictStatistics): HeadlineFigures {
  const { current } = statistics;
  return {
    incidents: metricValue(current, 'incidents', 0),
    incidentsChange: metricChange(statistics, 'incidents', 0),
    feedbackCount: metricValue(current, 'feedbackCount', 0),
    feedbackMean: metricValue(current, 'feedbackMean', 0),
    feedbackMeanChange: metricChange(statistics, 'feedbackMean', 0),
  };
}

/** A figure's text, or why there is none: "fewer than 5", "withheld so another cell …". */
export function describe(text: StatsText, unit: MetricUnit, value: MetricValue, k: number): string {
  switch (value.kind) {
    case 'value':
      return formatFigure(text.lang, unit, value.value);
    case 'suppressed':
      return text.t(`stats.suppressed.${value.suppression}`, { k });
    case 'none':
      return text.t('stats.noData');
  }
}

export function describeChange(text: StatsText, unit: MetricUnit, change: number | null): string {
  return change === null ? text.t('stats.change.none') : formatChange(text.lang, unit, change);
}

/** The app's accountability view of the same district, period and priority (a new tab). */
export function fullViewUrl(
  origin: string,
  district: string,
  params: Pick<StatsEmbedParams, 'period' | 'priority'>,
): string {
  const query = new URLSearchParams({ district });
  if (params.period !== 'month') query.set('period', params.period);
  if (params.priority !== null) query.set('priority', String(params.priority));
  return `${origin}/accountability?${query.toString()}`;
}
