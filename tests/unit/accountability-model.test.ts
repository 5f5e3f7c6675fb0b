import { describe, expect, it } from 'vitest';
import type {
  DistrictStatistics,
  PeriodFigures,
  PriorityFigures,
} from '../../shared/schemas/accountability.js';
import {
  CLASS_COLOURS,
  NO_DATA_COLOUR,
  SUPPRESSED_COLOUR,
  choropleth,
  choroplethFeatures,
  classBreaks,
  histogramBars,
  metricChange,
  metricValue,
  shapesBounds,
} from '../../client/src/views/accountability/accountability-model.js';
import {
  describeValue,
  formatChange,
  formatDuration,
  formatFigure,
} from '../../client/src/views/accountability/format-figures.js';
import {
  DEFAULT_OPTIONS,
  readOptions,
  writeOptions,
} from '../../client/src/views/accountability/view-options.js';

/** Contract-shaped figures (shared/schemas/accountability.ts), built from a few numbers. */
const shown = (value: number) => ({ value, suppressed: null });
const withheld = (suppressed: 'fewer_than_k' | 'complementary') => ({ value: null, suppressed });

function priorityFigures(
  priority: number,
  count: ReturnType<typeof shown> | ReturnType<typeof withheld>,
  toScene: { median: number | null; p90: number | null },
  withinTarget: number | null,
): PriorityFigures {
  return {
    priority,
    count,
    officerInitiated: shown(0),
    toDispatch: { median: null, p90: null },
    toScene,
    onScene: { median: null, p90: null },
    targetSeconds: 600,
    withinTarget,
  };
}

function figures(options: {
  incidents?: ReturnType<typeof shown> | ReturnType<typeof withheld>;
  responses?: PriorityFigures[];
  feedbackCount?: ReturnType<typeof shown> | ReturnType<typeof withheld>;
  feedbackMean?: number | null;
}): PeriodFigures {
  return {
    incidents: { total: options.incidents ?? shown(0), byCategory: [] },
    responses: options.responses ?? [],
    feedback: {
      count: options.feedbackCount ?? shown(0),
      mean: options.feedbackMean ?? null,
      distribution: null,
      ratings: [],
    },
  };
}

const emptyChange = { incidents: null, feedbackMean: null, responses: [] };

function district(
  name: string | null,
  current: PeriodFigures,
  previous: PeriodFigures = figures({}),
): DistrictStatistics {
  return { district: name, current, previous, change: emptyChange };
}

describe('metricValue: the figure a metric reads', () => {
  const period = figures({
    incidents: shown(42),
    responses: [
      priorityFigures(1, shown(12), { median: 300, p90: 720 }, 0.75),
      priorityFigures(2, withheld('fewer_than_k'), { median: null, p90: null }, null),
    ],
    feedbackCount: shown(9),
    feedbackMean: 3.4,
  });

  it('reads counts, the chosen priority and feedback', () => {
    expect(metricValue(period, 'incidents', 1)).toEqual({ kind: 'value', value: 42 });
    expect(metricValue(period, 'toSceneMedian', 1)).toEqual({ kind: 'value', value: 300 });
    expect(metricValue(period, 'toSceneP90', 1)).toEqual({ kind: 'value', value: 720 });
    expect(metricValue(period, 'withinTarget', 1)).toEqual({ kind: 'value', value: 0.75 });
    expect(metricValue(period, 'feedbackCount', 3)).toEqual({ kind: 'value', value: 9 });
    expect(metricValue(period, 'feedbackMean', 3)).toEqual({ kind: 'value', value: 3.4 });
  });

  it('tells a withheld figure from a missing one', () => {
    expect(metricValue(period, 'toSceneMedian', 2)).toEqual({
      kind: 'suppressed',
      suppression: 'fewer_than_k',
    });
    expect(metricValue(period, 'withinTarget', 2).kind).toBe('suppressed');
    expect(metricValue(period, 'toSceneMedian', 3)).toEqual({ kind: 'none' });
    const quiet = figures({ feedbackCount: withheld('complementary'), feedbackMean: null });
    expect(metricValue(quiet, 'feedbackMean', 1)).toEqual({
      kind: 'suppressed',
      suppression: 'complementary',
    });
    expect(metricValue(figures({}), 'feedbackMean', 1)).toEqual({ kind: 'none' });
    // A mean withheld beside a published count (it would give a withheld rating away).
    const guarded = figures({ feedbackCount: shown(6), feedbackMean: null });
    expect(metricValue(guarded, 'feedbackMean', 1)).toEqual({
      kind: 'suppressed',
      suppression: 'complementary',
    });
  });

  it('changes only between two published figures', () => {
    const now = figures({ incidents: shown(30), feedbackCount: withheld('fewer_than_k') });
    const before = figures({ incidents: shown(24), feedbackCount: shown(7), feedbackMean: 4 });
    const statistics = district('Mission', now, before);
    expect(metricChange(statistics, 'incidents', 1)).toBe(6);
    expect(metricChange(statistics, 'feedbackCount', 1)).toBeNull();
    expect(metricChange(statistics, 'toSceneMedian', 1)).toBeNull();
  });
});

describe('classBreaks: quantile classes over the published values', () => {
  it('puts about as many values in each class, in order, covering all', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const breaks = classBreaks(values);
    expect(breaks.map((entry) => [entry.from, entry.to])).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
      [9, 10],
    ]);
    expect(breaks.map((entry) => entry.colour)).toEqual([...CLASS_COLOURS]);
  });

  it('never splits equal values and makes fewer classes for few distinct values', () => {
    const breaks = classBreaks([5, 5, 5, 5, 9, 9]);
    expect(breaks.map((entry) => [entry.from, entry.to])).toEqual([
      [5, 5],
      [9, 9],
    ]);
    // Two classes still span the scale: the lightest and the darkest colour.
    expect(breaks.map((entry) => entry.colour)).toEqual([CLASS_COLOURS[0], CLASS_COLOURS[4]]);
    for (const value of [5, 9]) {
      expect(breaks.filter((entry) => entry.from <= value && value <= entry.to)).toHaveLength(1);
    }
  });

  it('has no class without values, one with a single value', () => {
    expect(classBreaks([])).toEqual([]);
    expect(classBreaks([3.5])).toEqual([{ from: 3.5, to: 3.5, colour: CLASS_COLOURS[4] }]);
  });
});

describe('choropleth: rows, fills and the legend of suppression', () => {
  const districts = [
    district('Tenderloin', figures({ incidents: shown(40) })),
    district('Bayview', figures({ incidents: shown(10) })),
    district('Park', figures({ incidents: withheld('fewer_than_k') })),
    district('Richmond', figures({ incidents: withheld('complementary') })),
    district('Taraval', figures({ incidents: shown(25) })),
    district(null, figures({ incidents: shown(80) })),
  ];

  it('colours published figures by class, withheld ones grey, and leaves out the whole area', () => {
    const model = choropleth(districts, 'incidents', 1);
    expect(model.rows.map((row) => row.district)).toEqual([
      'Bayview',
      'Park',
      'Richmond',
      'Taraval',
      'Tenderloin',
    ]);
    const fill = Object.fromEntries(model.rows.map((row) => [row.district, row.fill]));
    expect(fill.Park).toBe(SUPPRESSED_COLOUR);
    expect(fill.Richmond).toBe(SUPPRESSED_COLOUR);
    expect(fill.Bayview).toBe(CLASS_COLOURS[0]);
    expect(fill.Tenderloin).toBe(CLASS_COLOURS[4]);
    expect(model.suppressions).toEqual(['complementary', 'fewer_than_k']);
    expect(model.hasNoData).toBe(false);
  });

  it('joins the polygons by name and marks the withheld ones for the hatching', () => {
    const model = choropleth(districts, 'incidents', 1);
    const square = (x: number): GeoJSON.Polygon => ({
      type: 'Polygon',
      coordinates: [
        [
          [x, 0],
          [x + 1, 0],
          [x + 1, 1],
          [x, 0],
        ],
      ],
    });
    const shapes: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: square(0), properties: { district: 'Park' } },
        { type: 'Feature', geometry: square(2), properties: { name: 'Tenderloin' } },
        { type: 'Feature', geometry: square(4), properties: { district: 'Unknown' } },
      ],
    };
    const features = choroplethFeatures(shapes, model).features;
    expect(features.map((feature) => feature.properties)).toEqual([
      { district: 'Park', fill: SUPPRESSED_COLOUR, suppressed: true },
      { district: 'Tenderloin', fill: CLASS_COLOURS[4], suppressed: false },
      { district: 'Unknown', fill: NO_DATA_COLOUR, suppressed: false },
    ]);
    expect(new Set(features.map((feature) => feature.id)).size).toBe(3);
    expect(shapesBounds(shapes)).toEqual([0, 0, 5, 1]);
  });
});

describe('histogramBars and the text of figures', () => {
  it('keeps withheld bins as such and draws the open last bin one bin wide', () => {
    const bars = histogramBars([
      { fromSeconds: 0, toSeconds: 120, count: shown(6) },
      { fromSeconds: 120, toSeconds: 240, count: withheld('fewer_than_k') },
      { fromSeconds: 240, toSeconds: null, count: shown(8) },
    ]);
    expect(bars).toEqual([
      { fromMinutes: 0, toMinutes: 2, open: false, value: { kind: 'value', value: 6 } },
      {
        fromMinutes: 2,
        toMinutes: 4,
        open: false,
        value: { kind: 'suppressed', suppression: 'fewer_than_k' },
      },
      { fromMinutes: 4, toMinutes: 6, open: true, value: { kind: 'value', value: 8 } },
    ]);
  });

  it('writes durations, shares, ratings, changes and reasons', () => {
    expect(formatDuration(425)).toBe('7:05');
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatFigure('en', 'share', 0.756)).toBe('76%');
    expect(formatFigure('de', 'rating', 3.45)).toBe('3,5');
    expect(formatFigure('de', 'count', 1234)).toBe('1.234');
    expect(formatChange('en', 'seconds', -40)).toBe('−0:40');
    expect(formatChange('en', 'share', 0.05)).toBe('+5 pp');
    expect(formatChange('en', 'count', 0)).toBe('±0');
    const t = (key: string) => `<${key}>`;
    expect(
      describeValue('en', 'count', { kind: 'suppressed', suppression: 'complementary' }, t),
    ).toBe('<acc.suppressed.complementary>');
    expect(describeValue('en', 'count', { kind: 'none' }, t)).toBe('<acc.noData>');
  });
});

describe('view options in the query string', () => {
  it('reads known values, falls back on unknown ones, and keeps other parameters', () => {
    expect(readOptions('?metric=feedbackMean&period=week&priority=3')).toEqual({
      metric: 'feedbackMean',
      period: 'week',
      priority: 3,
    });
    expect(readOptions('?metric=mean&period=decade&priority=9')).toEqual(DEFAULT_OPTIONS);
    const search = writeOptions({ metric: 'incidents', period: 'month', priority: 2 }, '?lang=de');
    expect(new URLSearchParams(search).toString()).toBe('lang=de&metric=incidents&priority=2');
    expect(writeOptions(DEFAULT_OPTIONS, '?metric=incidents')).toBe('');
    expect(readOptions(search)).toEqual({ metric: 'incidents', period: 'month', priority: 2 });
  });
});
