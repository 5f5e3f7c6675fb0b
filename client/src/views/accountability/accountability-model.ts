import type {
  AccountabilityDetail,
  DistrictStatistics,
  PeriodFigures,
  Suppression,
} from '../../../../shared/schemas/accountability.js';

/**
 * The accountability view's model, pure and apart from the components so it can be tested with
 * data of the contract's shape: which figure a metric reads, the classes of the choropleth, and
 * how a withheld figure is told apart from a missing one.
 */

export const ACCOUNTABILITY_METRICS = [
  'incidents',
  'toSceneMedian',
  'toSceneP90',
  'withinTarget',
  'feedbackMean',
  'feedbackCount',
] as const;
export type AccountabilityMetric = (typeof ACCOUNTABILITY_METRICS)[number];

/** How a metric's figure is written: a count, a duration in seconds, a share or a rating. */
export type MetricUnit = 'count' | 'seconds' | 'share' | 'rating';

export const METRIC_UNITS: Record<AccountabilityMetric, MetricUnit> = {
  incidents: 'count',
  toSceneMedian: 'seconds',
  toSceneP90: 'seconds',
  withinTarget: 'share',
  feedbackMean: 'rating',
  feedbackCount: 'count',
};

/** The metrics read for one priority (the others are of every priority). */
export const PRIORITY_METRICS: ReadonlySet<AccountabilityMetric> = new Set([
  'toSceneMedian',
  'toSceneP90',
  'withinTarget',
]);

/**
 * One figure: a value, or why there is none. A withheld figure (`suppressed`) is never the same
 * as a missing one (nothing to measure): the legend says which.
 */
export type MetricValue =
  | { kind: 'value'; value: number }
  | { kind: 'suppressed'; suppression: Suppression }
  | { kind: 'none' };

const NONE: MetricValue = { kind: 'none' };

function valueOrNone(value: number | null): MetricValue {
  return value === null ? NONE : { kind: 'value', value };
}

/** The figure a metric shows for one period (of a district or of the whole area). */
export function metricValue(
  figures: PeriodFigures,
  metric: AccountabilityMetric,
  priority: number,
): MetricValue {
  switch (metric) {
    case 'incidents': {
      const { total } = figures.incidents;
      if (total.suppressed) return { kind: 'suppressed', suppression: total.suppressed };
      return valueOrNone(total.value);
    }
    case 'feedbackCount':
    case 'feedbackMean': {
      const { count, mean } = figures.feedback;
      if (count.suppressed) return { kind: 'suppressed', suppression: count.suppressed };
      if (metric === 'feedbackCount') return valueOrNone(count.value);
      // A mean withheld beside a published count would give a withheld rating away.
      if (mean === null && (count.value ?? 0) > 0) {
        return { kind: 'suppressed', suppression: 'complementary' };
      }
      return valueOrNone(mean);
    }
    case 'toSceneMedian':
    case 'toSceneP90':
    case 'withinTarget': {
      const responses = figures.responses.find((figure) => figure.priority === priority);
      if (!responses) return NONE;
      if (responses.count.suppressed) {
        return { kind: 'suppressed', suppression: responses.count.suppressed };
      }
      if (metric === 'withinTarget') return valueOrNone(responses.withinTarget);
      return valueOrNone(
        metric === 'toSceneMedian' ? responses.toScene.median : responses.toScene.p90,
      );
    }
  }
}

/**
 * The change from the previous period, as the difference of the two published figures; none
 * when either is withheld or missing (a difference of two published figures reveals nothing
 * that they do not).
 */
export function metricChange(
  statistics: DistrictStatistics,
  metric: AccountabilityMetric,
  priority: number,
): number | null {
  const now = metricValue(statistics.current, metric, priority);
  const before = metricValue(statistics.previous, metric, priority);
  return now.kind === 'value' && before.kind === 'value' ? now.value - before.value : null;
}

/** One class of the choropleth: values from `from` to `to`, both included. */
export interface ClassBreak {
  from: number;
  to: number;
  colour: string;
}

/** Light to dark; readable with the common colour-vision deficiencies (ColorBrewer "PuBu"). */
export const CLASS_COLOURS = ['#d0d1e6', '#a6bddb', '#74a9cf', '#2b8cbe', '#045a8d'] as const;
/** Withheld figures: grey under a hatching, never a colour of the scale. */
export const SUPPRESSED_COLOUR = '#9e9e9e';
/** No figure at all (nothing happened there): no fill. */
export const NO_DATA_COLOUR = '#ffffff';

/**
 * Quantile classes over the published values (withheld ones have none to place), at most one
 * per distinct value, so each class holds about as many districts as the others.
 */
export function classBreaks(
  values: readonly number[],
  classes = CLASS_COLOURS.length,
): ClassBreak[] {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  const distinct = [...new Set(sorted)];
  const count = Math.min(classes, distinct.length, CLASS_COLOURS.length);
  if (count === 0) return [];
  const ranges: { from: number; to: number }[] = [];
  let start = 0;
  for (let index = 0; index < count && start < sorted.length; index++) {
    // The class ends at its quantile, and never splits equal values between two classes.
    let end = Math.max(start, Math.ceil(((index + 1) * sorted.length) / count) - 1);
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]) end++;
    ranges.push({ from: sorted[start] ?? 0, to: sorted[end] ?? 0 });
    start = end + 1;
  }
  // Fewer classes than asked when equal values merged: the colours still span the scale.
  return ranges.map((range, index) => ({
    ...range,
    colour: CLASS_COLOURS[colourIndex(index, ranges.length)] ?? NO_DATA_COLOUR,
  }));
}

function colourIndex(index: number, classes: number): number {
  if (classes <= 1) return CLASS_COLOURS.length - 1;
  return Math.round((index * (CLASS_COLOURS.length - 1)) / (classes - 1));
}

/** The fill of one district: its class's colour, grey when withheld, white when empty. */
export function fillOf(value: MetricValue, breaks: readonly ClassBreak[]): string {
  if (value.kind === 'suppressed') return SUPPRESSED_COLOUR;
  if (value.kind === 'none') return NO_DATA_COLOUR;
  const found = breaks.find((entry) => value.value <= entry.to) ?? breaks.at(-1);
  return found?.colour ?? NO_DATA_COLOUR;
}

/** One district's row of the view: its figure, its change, its fill. */
export interface DistrictRow {
  district: string;
  value: MetricValue;
  change: number | null;
  fill: string;
}

export interface ChoroplethModel {
  rows: DistrictRow[];
  breaks: ClassBreak[];
  /** Which kinds of withheld figures the map shows, for the legend. */
  suppressions: Suppression[];
  hasNoData: boolean;
}

/** The choropleth of one metric: a row per district (by name), the classes and the legend. */
export function choropleth(
  districts: readonly DistrictStatistics[],
  metric: AccountabilityMetric,
  priority: number,
): ChoroplethModel {
  const named = districts.filter((entry): entry is DistrictStatistics & { district: string } =>
    Boolean(entry.district),
  );
  const measured = named.map((entry) => ({
    entry,
    value: metricValue(entry.current, metric, priority),
  }));
  const values = measured.map(({ value }) => value);
  const breaks = classBreaks(
    values.flatMap((value) => (value.kind === 'value' ? [value.value] : [])),
  );
  const rows = measured
    .map(({ entry, value }) => ({
      district: entry.district,
      value,
      change: metricChange(entry, metric, priority),
      fill: fillOf(value, breaks),
    }))
    .sort((a, b) => a.district.localeCompare(b.district));
  const suppressions = [
    ...new Set(values.flatMap((value) => (value.kind === 'suppressed' ? [value.suppression] : []))),
  ].sort();
  return { rows, breaks, suppressions, hasNoData: values.some((value) => value.kind === 'none') };
}

/** The properties the map's fill layer reads: the fill and whether it is withheld. */
export interface ChoroplethProperties {
  district: string;
  fill: string;
  suppressed: boolean;
}

/**
 * The district polygons of the geo+json answer with the fill of the chosen metric. The polygons'
 * name is `district` (or `name`); a district the JSON lacks is drawn as having no figure.
 */
export function choroplethFeatures(
  shapes: GeoJSON.FeatureCollection,
  model: ChoroplethModel,
): GeoJSON.FeatureCollection<GeoJSON.Geometry, ChoroplethProperties> {
  const rows = new Map(model.rows.map((row) => [row.district, row]));
  const features = shapes.features.flatMap((feature, index) => {
    const name = districtNameOf(feature);
    if (name === null) return [];
    const row = rows.get(name);
    return [
      {
        type: 'Feature' as const,
        id: index + 1,
        geometry: feature.geometry,
        properties: {
          district: name,
          fill: row?.fill ?? NO_DATA_COLOUR,
          suppressed: row?.value.kind === 'suppressed',
        },
      },
    ];
  });
  return { type: 'FeatureCollection', features };
}

function districtNameOf(feature: GeoJSON.Feature): string | null {
  const properties = feature.properties ?? {};
  for (const key of ['district', 'name']) {
    const value: unknown = properties[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}

/** [west, south, east, north] of the polygons; null without any. */
export function shapesBounds(
  shapes: GeoJSON.FeatureCollection,
): [number, number, number, number] | null {
  let bounds: [number, number, number, number] | null = null;
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number' && typeof value[1] === 'number') {
      const [lon, lat] = value as [number, number];
      bounds = bounds
        ? [
            Math.min(bounds[0], lon),
            Math.min(bounds[1], lat),
            Math.max(bounds[2], lon),
            Math.max(bounds[3], lat),
          ]
        : [lon, lat, lon, lat];
      return;
    }
    for (const item of value) visit(item);
  };
  for (const feature of shapes.features) {
    if ('coordinates' in feature.geometry) visit(feature.geometry.coordinates);
  }
  return bounds;
}

/** One bar of the time-to-scene histogram, in minutes; an open last bin is drawn one bin wide. */
export interface HistogramBar {
  fromMinutes: number;
  toMinutes: number;
  open: boolean;
  value: MetricValue;
}

export function histogramBars(
  bins: AccountabilityDetail['toScene'][number]['bins'],
): HistogramBar[] {
  return bins.map((bin, index) => {
    const previous = bins[index - 1];
    const width = previous ? bin.fromSeconds - previous.fromSeconds : 60;
    const to = bin.toSeconds ?? bin.fromSeconds + Math.max(width, 60);
    return {
      fromMinutes: bin.fromSeconds / 60,
      toMinutes: to / 60,
      open: bin.toSeconds === null,
      value: countValue(bin.count),
    };
  });
}

/** A SuppressibleCount as a figure. */
export function countValue(count: {
  value: number | null;
  suppressed: Suppression | null;
}): MetricValue {
  if (count.suppressed) return { kind: 'suppressed', suppression: count.suppressed };
  return valueOrNone(count.value);
}

/** Whether any figure of a detail can be drawn (else the chart says so instead of an empty axis). */
export function hasPublishedBin(bars: readonly HistogramBar[]): boolean {
  return bars.some((bar) => bar.value.kind === 'value');
}
