import { describe, expect, it } from 'vitest';
import { containsPoint, type Bbox } from '../../shared/geo/bbox.js';
import { parsePlaceAndTime } from '../../shared/geo/place-and-time.js';
import { checkTimeRange } from '../../shared/geo/time-range.js';

describe('containsPoint', () => {
  const bbox: Bbox = [-123.2, 49.1, -123.0, 49.3];

  it('takes points inside and on the edges', () => {
    expect(containsPoint(bbox, -123.1, 49.2)).toBe(true);
    expect(containsPoint(bbox, -123.2, 49.1)).toBe(true);
    expect(containsPoint(bbox, -123.0, 49.3)).toBe(true);
  });

  it('refuses points outside on any side, and NaN', () => {
    expect(containsPoint(bbox, -123.21, 49.2)).toBe(false);
    expect(containsPoint(bbox, -122.99, 49.2)).toBe(false);
    expect(containsPoint(bbox, -123.1, 49.09)).toBe(false);
    expect(containsPoint(bbox, -123.1, 49.31)).toBe(false);
    expect(containsPoint(bbox, Number.NaN, 49.2)).toBe(false);
  });
});

describe('checkTimeRange', () => {
  it('accepts an open or a forward window', () => {
    expect(checkTimeRange(undefined, undefined)).toEqual({ ok: true });
    expect(checkTimeRange('2026-11-24T18:00:00Z', undefined)).toEqual({ ok: true });
    expect(checkTimeRange(undefined, '2026-11-24T18:00:00Z')).toEqual({ ok: true });
    expect(checkTimeRange('2026-11-24T18:00:00Z', '2026-11-24T18:00:00.001Z')).toEqual({
      ok: true,
    });
  });

  it('refuses an empty or backward window, comparing instants across zones', () => {
    const refused = { ok: false, message: 'from must be earlier than to' };
    expect(checkTimeRange('2026-11-24T18:00:00Z', '2026-11-24T18:00:00Z')).toEqual(refused);
    expect(checkTimeRange('2026-11-24T19:00:00+01:00', '2026-11-24T18:00:00Z')).toEqual(refused);
    expect(checkTimeRange('2026-11-25T00:00:00Z', '2026-11-24T00:00:00Z')).toEqual(refused);
  });
});

describe('parsePlaceAndTime', () => {
  it('parses the bbox and checks the window', () => {
    expect(parsePlaceAndTime({})).toEqual({ ok: true, bbox: undefined });
    expect(
      parsePlaceAndTime({
        bbox: '-1,-2,3,4',
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-02T00:00:00Z',
      }),
    ).toEqual({ ok: true, bbox: [-1, -2, 3, 4] });
  });

  it('answers the first problem, the bbox before the window', () => {
    const backward = { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' };
    expect(parsePlaceAndTime({ bbox: '3,2,1,4', ...backward })).toEqual({
      ok: false,
      message: 'bbox minimums must be smaller than its maximums',
    });
    expect(parsePlaceAndTime({ bbox: '1,2,3,4', ...backward })).toEqual({
      ok: false,
      message: 'from must be earlier than to',
    });
  });
});
