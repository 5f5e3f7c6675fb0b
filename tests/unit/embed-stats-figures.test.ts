import { describe, expect, it } from 'vitest';
import type {
  DistrictStatistics,
  PeriodFigures,
  PriorityFigures,
} from '../../shared/schemas/accountability.js';
import { SUPPRESSIONS } from '../../shared/schemas/accountability.js';
import { bboxOfMultiPolygon } from '../../client/src/embed-stats/district-bbox.js';
import {
  SUPPRESSION_REASONS,
  describe as describeFigure,
  describeChange,
  fullViewUrl,
  headlineFigures,
  priorityRows,
  topCategories,
} from '../../client/src/embed-stats/stats-figures.js';
import { StatsText } from '../../client/src/embed-stats/stats-i18n.js';
import { readChartsDistrict } from '../../client/src/views/accountability/view-options.js';
import { statsDe } from '../../client/src/embed-stats/stats-messages-de.js';
import { statsEn } from '../../client/src/embed-stats/stats-messages-en.js';

/** The stats embed's pure parts: which figures it picks and how it writes them, in en and de. */
const shown = (value: number) => ({ value, suppressed: null });
const withheld = (suppressed: 'fewer_than_k' | 'complementary') => ({ value: null, suppressed });
type Count = ReturnType<typeof shown> | ReturnType<typeof withheld>;

function priority(
  level: number,
  count: Count,
  median: number | null,
  p90: number | null,
): PriorityFigures {
  return {
    priority: level,
    count,
    officerInitiated: shown(0),
    toDispatch: { median: null, p90: null },
    toScene: { median, p90 },
    onScene: { median: null, p90: null },
    targetSeconds: 420,
    withinTarget: count.suppressed ? null : 0.8,
  };
}

function period(options: {
  incidents: Count;
  byCategory?: { category: 'theft' | 'burglary' | 'arson' | 'fraud'; count: Count }[];
  responses?: PriorityFigures[];
  feedback?: Count;
  mean?: number | null;
}): PeriodFigures {
  return {
    incidents: { total: options.incidents, byCategory: options.byCategory ?? [] },
    responses: options.responses ?? [],
    feedback: {
      count: options.feedback ?? withheld('fewer_than_k'),
      mean: options.mean ?? null,
      distribution: null,
      ratings: [],
    },
  };
}

const current = period({
  incidents: shown(40),
  byCategory: [
    { category: 'theft', count: shown(12) },
    { category: 'burglary', count: shown(20) },
    { category: 'fraud', count: shown(12) },
    { category: 'arson', count: withheld('fewer_than_k') },
  ],
  responses: [
    priority(1, shown(9), 330, 610),
    priority(2, withheld('fewer_than_k'), null, null),
    priority(3, withheld('complementary'), null, null),
  ],
  feedback: shown(7),
  mean: 3.86,
});
const previous = period({
  incidents: shown(35),
  responses: [priority(1, shown(8), 360, 700)],
  feedback: withheld('fewer_than_k'),
});
const harbour: DistrictStatistics = {
  district: 'Harbour',
  current,
  previous,
  change: { incidents: 5, feedbackMean: null, responses: [] },
};

describe('the stats embed’s figures', () => {
  it('lists the most frequent published categories and counts the withheld ones by reason', () => {
    expect(topCategories(current, 2)).toEqual({
      shown: [
        { category: 'burglary', value: 20 },
        { category: 'fraud', value: 12 },
      ],
      withheld: { fewer_than_k: 1, complementary: 0 },
    });
  });

  it('reads each priority’s times, withheld ones with their reason, and the median’s change', () => {
    const rows = priorityRows(harbour);
    expect(rows.map((row) => [row.priority, row.median, row.p90, row.medianChange])).toEqual([
      [1, { kind: 'value', value: 330 }, { kind: 'value', value: 610 }, -30],
      [2, withheldValue('fewer_than_k'), withheldValue('fewer_than_k'), null],
      [3, withheldValue('complementary'), withheldValue('complementary'), null],
    ]);
    const headline = headlineFigures(harbour);
    expect(headline.incidents).toEqual({ kind: 'value', value: 40 });
    expect(headline.incidentsChange).toBe(5);
    // No change against a withheld figure: the difference would give it away.
    expect(headline.feedbackMeanChange).toBeNull();
  });

  it('writes figures and withheld cells in English and German', () => {
    const en = new StatsText('en');
    const de = new StatsText('de');
    const [first, second, third] = priorityRows(harbour);
    if (!first || !second || !third) throw new Error('three rows expected');
    expect(describeFigure(en, 'seconds', first.median, 5)).toBe('5:30');
    expect(describeFigure(en, 'share', first.withinTarget, 5)).toBe('80%');
    expect(describeFigure(de, 'share', first.withinTarget, 5)).toBe('80\u00a0%');
    expect(describeFigure(en, 'seconds', second.median, 5)).toBe('fewer than 5');
    expect(describeFigure(de, 'seconds', second.median, 5)).toBe('weniger als 5');
    expect(describeFigure(en, 'seconds', third.median, 5)).toBe(
      'withheld so another cell cannot be derived',
    );
    expect(describeFigure(de, 'rating', { kind: 'value', value: 3.86 }, 5)).toBe('3,9');
    expect(describeChange(en, 'seconds', first.medianChange)).toBe('−0:30');
    expect(describeChange(en, 'count', null)).toBe('no comparison');
    expect(en.priority(1)).toBe('Priority 1: Emergency');
    expect(de.priority(5)).toBe('Priorität 5: Nicht dringend');
    expect(de.category('burglary')).toBe('Einbruch');
  });

  it('links the full view with the same district, period and priority', () => {
    expect(fullViewUrl('https://ob.example', 'Old Town', { period: 'month', priority: null })).toBe(
      'https://ob.example/accountability?district=Old+Town',
    );
    expect(fullViewUrl('https://ob.example', 'A&B', { period: 'year', priority: 2 })).toBe(
      'https://ob.example/accountability?district=A%26B&period=year&priority=2',
    );
  });

  it('the full view opens the charts of the district its link names', () => {
    const link = new URL(
      fullViewUrl('https://ob.example', 'Old Town', { period: 'week', priority: 3 }),
    );
    expect(readChartsDistrict(link.search)).toBe('Old Town');
    expect(readChartsDistrict('?period=week')).toBeUndefined();
    expect(readChartsDistrict('?district=%20')).toBeUndefined();
  });

  it('subscribes to the bbox of a district’s polygons', () => {
    expect(
      bboxOfMultiPolygon([
        [
          [
            [-123.14, 49.27],
            [-123.12, 49.27],
            [-123.12, 49.29],
            [-123.14, 49.27],
          ],
        ],
        [[[-123.1, 49.3]]],
      ]),
    ).toEqual([-123.14, 49.27, -123.1, 49.3]);
    expect(bboxOfMultiPolygon([])).toBeNull();
  });

  it('has every message in German, with the same placeholders, and every suppression reason', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(statsDe).sort()).toEqual(Object.keys(statsEn).sort());
    for (const [key, english] of Object.entries(statsEn)) {
      expect(placeholders(statsDe[key as keyof typeof statsEn]), key).toEqual(
        placeholders(english),
      );
    }
    expect([...SUPPRESSION_REASONS].sort()).toEqual([...SUPPRESSIONS].sort());
  });
});

function withheldValue(suppression: 'fewer_than_k' | 'complementary') {
  return { kind: 'suppressed', suppression };
}
