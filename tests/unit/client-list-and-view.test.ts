import { describe, expect, it } from 'vitest';
import { haversineMetres } from '../../shared/geo/distance.js';
import { exportUrl, viewParams } from '../../client/src/api/rest.js';
import {
  formatListOrder,
  orderRecords,
  parseListOrder,
  publicPointOf,
  type OrderableRecord,
} from '../../client/src/state/list-order.js';
import { LIST_PAGE_SIZE, listPage, pageContaining } from '../../client/src/state/list-paging.js';
import { viewQueryOf } from '../../client/src/state/view-query.js';
import {
  compareCategories,
  countChange,
  previousRange,
} from '../../client/src/state/view-summary.js';

const CENTRE = { lon: -123.12, lat: 49.28 };
const HOUR = 3_600_000;

function publicRecord(id: string, lon: number, lat: number, occurredAtMs: number): OrderableRecord {
  return { id, lon, lat, occurredAtMs, properties: { locationPrecision: 'approximate' } };
}

function dispatcherRecord(
  id: string,
  exact: { lon: number; lat: number },
  publicLocation: { lon: number; lat: number } | null,
  occurredAtMs: number,
): OrderableRecord {
  return {
    id,
    ...exact,
    occurredAtMs,
    properties: { locationPrecision: 'exact', publicLocation },
  };
}

describe('the list order', () => {
  const records = [
    publicRecord('far-old', CENTRE.lon + 0.03, CENTRE.lat, 1 * HOUR),
    publicRecord('near-new', CENTRE.lon + 0.001, CENTRE.lat, 5 * HOUR),
    publicRecord('middle', CENTRE.lon, CENTRE.lat - 0.01, 3 * HOUR),
    publicRecord('near-old', CENTRE.lon - 0.001, CENTRE.lat, 2 * HOUR),
  ];

  it('by time: newest first, whatever the centre', () => {
    expect(orderRecords(records, 'time', CENTRE).map((r) => r.id)).toEqual([
      'near-new',
      'middle',
      'near-old',
      'far-old',
    ]);
  });

  it('by distance: nearest the centre first, equal distances newest first', () => {
    expect(orderRecords(records, 'distance', CENTRE).map((r) => r.id)).toEqual([
      'near-new',
      'near-old',
      'middle',
      'far-old',
    ]);
    // Measured from the centre given: another centre, another order.
    const east = { lon: CENTRE.lon + 0.03, lat: CENTRE.lat };
    expect(orderRecords(records, 'distance', east)[0]?.id).toBe('far-old');
  });

  it('leaves the input alone and falls back to time without a centre', () => {
    const before = records.map((r) => r.id);
    expect(orderRecords(records, 'distance', null).map((r) => r.id)).toEqual(
      orderRecords(records, 'time', null).map((r) => r.id),
    );
    expect(records.map((r) => r.id)).toEqual(before);
  });

  it("measures a dispatcher's record by its public point, and puts one without any last", () => {
    const mixed = [
      // Exact point at the centre, but the public sees it far away: it sorts as far.
      dispatcherRecord(
        'exact-near-public-far',
        CENTRE,
        { lon: CENTRE.lon + 0.05, lat: CENTRE.lat },
        9 * HOUR,
      ),
      dispatcherRecord('hidden', CENTRE, null, 10 * HOUR),
      dispatcherRecord(
        'public-near',
        { lon: CENTRE.lon + 0.04, lat: CENTRE.lat },
        CENTRE,
        1 * HOUR,
      ),
      publicRecord('public-middle', CENTRE.lon + 0.02, CENTRE.lat, 2 * HOUR),
    ];
    expect(orderRecords(mixed, 'distance', CENTRE).map((r) => r.id)).toEqual([
      'public-near',
      'public-middle',
      'exact-near-public-far',
      'hidden',
    ]);
    const [, hidden, , publicMiddle] = mixed;
    expect(hidden && publicPointOf(hidden)).toBeNull();
    expect(publicMiddle && publicPointOf(publicMiddle)).toEqual({
      lon: CENTRE.lon + 0.02,
      lat: CENTRE.lat,
    });
  });

  it('goes into the address as sort=distance, the default left out, other parameters kept', () => {
    expect(parseListOrder('')).toBe('time');
    expect(parseListOrder('?sort=distance')).toBe('distance');
    expect(parseListOrder('?sort=nonsense')).toBe('time');
    expect(formatListOrder('distance', '?categories=theft')).toBe(
      '?categories=theft&sort=distance',
    );
    expect(formatListOrder('time', '?categories=theft&sort=distance')).toBe('?categories=theft');
    expect(formatListOrder('time', '')).toBe('');
  });

  it('measures great-circle distances (haversine)', () => {
    // One degree of latitude on the spherical earth of radius 6,371,008.8 m.
    expect(haversineMetres({ lon: 0, lat: 0 }, { lon: 0, lat: 1 })).toBeCloseTo(111_195.08, 1);
    expect(haversineMetres(CENTRE, CENTRE)).toBe(0);
    // A degree of longitude shrinks with the cosine of the latitude.
    const atCentre = haversineMetres(CENTRE, { lon: CENTRE.lon + 1, lat: CENTRE.lat });
    expect(atCentre / 111_195.08).toBeCloseTo(Math.cos((CENTRE.lat * Math.PI) / 180), 3);
  });
});

describe('the list pages', () => {
  it('cuts the ordered list into pages and reaches its last record', () => {
    expect(LIST_PAGE_SIZE).toBe(50);
    expect(listPage(340, 0)).toEqual({ index: 0, count: 7, start: 0, end: 50, total: 340 });
    expect(listPage(340, 6)).toEqual({ index: 6, count: 7, start: 300, end: 340, total: 340 });
    expect(listPage(350, 6)).toEqual({ index: 6, count: 7, start: 300, end: 350, total: 350 });
  });

  it('moves a page out of range back into it (the list shrank), and has one empty page', () => {
    expect(listPage(120, 9).index).toBe(2);
    expect(listPage(120, -3).index).toBe(0);
    expect(listPage(120, Number.NaN).index).toBe(0);
    expect(listPage(0, 4)).toEqual({ index: 0, count: 1, start: 0, end: 0, total: 0 });
  });

  it('finds the page of a record', () => {
    expect(pageContaining(0)).toBe(0);
    expect(pageContaining(49)).toBe(0);
    expect(pageContaining(50)).toBe(1);
    expect(pageContaining(339)).toBe(6);
    expect(pageContaining(-1)).toBeNull();
  });
});

describe('the summary of the view', () => {
  it('compares with the window of the same length that ends where this one begins', () => {
    const range = {
      fromMs: Date.parse('2026-11-13T00:00:00Z'),
      toMs: Date.parse('2026-11-20T00:00:00Z'),
    };
    expect(previousRange(range)).toEqual({
      fromMs: Date.parse('2026-11-06T00:00:00Z'),
      toMs: Date.parse('2026-11-13T00:00:00Z'),
    });
    // A rolling 24 h window (ending a minute ahead) keeps its exact length.
    const rolling = { fromMs: 1_000_000, toMs: 1_000_000 + 24 * HOUR + 60_000 };
    const before = previousRange(rolling);
    expect(before.toMs).toBe(rolling.fromMs);
    expect(before.toMs - before.fromMs).toBe(rolling.toMs - rolling.fromMs);
  });

  it('gives the change in incidents and in whole per cent of the previous count', () => {
    expect(countChange(42, 34)).toEqual({ delta: 8, percent: 24 });
    expect(countChange(10, 20)).toEqual({ delta: -10, percent: -50 });
    expect(countChange(5, 5)).toEqual({ delta: 0, percent: 0 });
    expect(countChange(1, 3)).toEqual({ delta: -2, percent: -67 });
  });

  it('gives no percentage when there was nothing before', () => {
    expect(countChange(7, 0)).toEqual({ delta: 7, percent: null });
    expect(countChange(0, 0)).toEqual({ delta: 0, percent: null });
  });

  it('lines up the categories of both windows, the most now first', () => {
    expect(
      compareCategories(
        [
          { category: 'theft', count: 5 },
          { category: 'traffic', count: 2 },
        ],
        [
          { category: 'robbery', count: 4 },
          { category: 'theft', count: 1 },
          { category: 'burglary', count: 4 },
        ],
      ),
    ).toEqual([
      { category: 'theft', current: 5, previous: 1 },
      { category: 'traffic', current: 2, previous: 0 },
      { category: 'burglary', current: 0, previous: 4 },
      { category: 'robbery', current: 0, previous: 4 },
    ]);
  });
});

describe('the view as the API takes it', () => {
  const range = {
    fromMs: Date.parse('2026-11-19T00:00:00Z'),
    toMs: Date.parse('2026-11-20T00:00:00Z'),
  };

  it('has no view before the map has a box, and leaves unknown categories out', () => {
    expect(viewQueryOf(null, range, [])).toBeNull();
    expect(
      viewQueryOf([-123.2, 49.2, -123, 49.3], range, ['theft', 'nonsense', 'burglary']),
    ).toEqual({
      bbox: [-123.2, 49.2, -123, 49.3],
      ...range,
      categories: ['burglary', 'theft'],
    });
    expect(viewQueryOf([-123.2, 49.2, -123, 49.3], range, [])).not.toHaveProperty('categories');
  });

  it("links the exports with the view's box, window and categories", () => {
    const view = viewQueryOf([-123.2, 49.2, -123, 49.3], range, ['theft', 'burglary']);
    if (!view) throw new Error('a box makes a view');
    const url = new URL(exportUrl('csv', view), 'http://localhost');
    expect(url.pathname).toBe('/api/v1/export/incidents.csv');
    expect(url.searchParams.get('bbox')).toBe('-123.200000,49.200000,-123.000000,49.300000');
    expect(url.searchParams.get('from')).toBe('2026-11-19T00:00:00.000Z');
    expect(url.searchParams.get('to')).toBe('2026-11-20T00:00:00.000Z');
    expect(url.searchParams.getAll('category')).toEqual(['burglary', 'theft']);
    expect(exportUrl('geojson', {})).toBe('/api/v1/export/incidents.geojson');
    expect(viewParams({ fromMs: range.fromMs }).toString()).toBe(
      'from=2026-11-19T00%3A00%3A00.000Z',
    );
  });
});
