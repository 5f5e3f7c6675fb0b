import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBbox } from '../../shared/geo/bbox.js';

describe('parseBbox', () => {
  it.each([
    ['-87.7,41.8,-87.6,41.9', [-87.7, 41.8, -87.6, 41.9]],
    [' -180 , -90 , 180 , 90 ', [-180, -90, 180, 90]],
  ])('accepts %s', (text, bbox) => {
    expect(parseBbox(text)).toEqual({ ok: true, bbox });
  });

  it.each([
    ['1,2,3', /4 comma-separated numbers, got 3/],
    ['1,2,3,4,5', /got 5/],
    ['', /got 1/],
    ['a,2,3,4', /finite numbers/],
    ['1,,3,4', /finite numbers/],
    ['NaN,2,3,4', /finite numbers/],
    ['1,2,Infinity,4', /finite numbers/],
    ['-181,2,3,4', /within longitude/],
    ['1,-91,3,4', /within longitude/],
    ['5,2,3,4', /smaller than its maximums/],
    ['1,4,3,4', /smaller than its maximums/],
  ])('refuses %j with a reason', (text, reason) => {
    const result = parseBbox(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(reason);
  });

  it('accepts every well-ordered box inside the world and nothing else', () => {
    const lon = fc.double({ min: -180, max: 180, noNaN: true });
    const lat = fc.double({ min: -90, max: 90, noNaN: true });
    fc.assert(
      fc.property(lon, lat, lon, lat, (a, b, c, d) => {
        const result = parseBbox([a, b, c, d].join(','));
        expect(result.ok).toBe(a < c && b < d);
      }),
    );
  });
});
