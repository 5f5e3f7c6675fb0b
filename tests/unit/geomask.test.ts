import { distance } from '@turf/distance';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GRID_METRES,
  cellBounds,
  cellCentre,
  cellOf,
  maxPublicDistanceMetres,
  publicLocation,
  type GriddedPolicy,
  type LonLat,
} from '../../server/privacy/geomask.js';

const GRIDDED_POLICIES: readonly GriddedPolicy[] = ['point', 'coarse', 'aggregate'];
const FINER_TO_COARSER: readonly [GriddedPolicy, GriddedPolicy][] = [
  ['point', 'coarse'],
  ['point', 'aggregate'],
  ['coarse', 'aggregate'],
];
// Both sides use the same earth radius; this only absorbs rounding.
const TOLERANCE_METRES = 0.5;

/** Independent measure: @turf/distance, not the module's own haversine. */
function turfMetres(a: LonLat, b: LonLat): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
}

function publicPoint(exact: LonLat, policy: GriddedPolicy): LonLat {
  const result = publicLocation(exact, policy);
  if (result === null) throw new Error(`no public point for ${policy}`);
  return result;
}

type Bounds = ReturnType<typeof cellBounds>;

/** A point strictly inside the cell, at fractions (fx, fy) of its width and height. */
function pointInside(bounds: Bounds, fx: number, fy: number): LonLat {
  return {
    lon: bounds.west + (bounds.east - bounds.west) * fx,
    lat: bounds.south + (bounds.north - bounds.south) * fy,
  };
}

const lonArb = fc.double({ min: -180, max: 180, noNaN: true });
const latArb = fc.double({ min: -90, max: 90, noNaN: true });
const anywhereArb = fc.record({ lon: lonArb, lat: latArb });
// Away from the poles and the antimeridian, where every cell has a neighbour on each side.
const inhabitedArb = fc.record({
  lon: fc.double({ min: -179, max: 179, noNaN: true }),
  lat: fc.double({ min: -80, max: 80, noNaN: true }),
});
// Inside a cell but not on its edge, where floating point decides which side a point is on.
const fractionArb = fc.double({ min: 0.001, max: 0.999, noNaN: true });

describe('publicLocation', () => {
  describe.each(GRIDDED_POLICIES)('policy %s', (policy) => {
    it('moves the point by at most half a cell diagonal, and stays on the globe', () => {
      fc.assert(
        fc.property(anywhereArb, (exact) => {
          const result = publicPoint(exact, policy);
          expect(turfMetres(exact, result)).toBeLessThanOrEqual(
            maxPublicDistanceMetres(policy) + TOLERANCE_METRES,
          );
          expect(Math.abs(result.lon)).toBeLessThanOrEqual(180);
          expect(Math.abs(result.lat)).toBeLessThanOrEqual(90);
        }),
        { numRuns: 10_000 },
      );
    });

    it('gives any two points of one cell the same public point, wherever they lie in it', () => {
      fc.assert(
        fc.property(
          inhabitedArb,
          fractionArb,
          fractionArb,
          fractionArb,
          fractionArb,
          (seed, x1, y1, x2, y2) => {
            const bounds = cellBounds(cellOf(seed, policy));
            const first = pointInside(bounds, x1, y1);
            const second = pointInside(bounds, x2, y2);
            expect(publicLocation(first, policy)).toStrictEqual(publicLocation(second, policy));
            expect(publicLocation(first, policy)).toStrictEqual(publicLocation(seed, policy));
          },
        ),
        { numRuns: 5_000 },
      );
    });

    it('gives the centre of a cell its own cell (the public point is a fixed point)', () => {
      fc.assert(
        fc.property(anywhereArb, (exact) => {
          const centre = publicPoint(exact, policy);
          expect(publicLocation(centre, policy)).toStrictEqual(centre);
        }),
        { numRuns: 5_000 },
      );
    });
  });

  it.each(FINER_TO_COARSER)('nests %s cells exactly inside %s cells', (finer, coarser) => {
    fc.assert(
      fc.property(anywhereArb, (exact) => {
        // The coarser cell of the finer public point is the coarser cell of the exact point:
        // knowing both public points tells no more than the finer cell.
        expect(publicLocation(publicPoint(exact, finer), coarser)).toStrictEqual(
          publicLocation(exact, coarser),
        );
      }),
      { numRuns: 20_000 },
    );
  });

  it('leaves the finest cell as all that a change of policy can reveal (the attack of issue 9)', () => {
    // Both public points of an incident whose policy changed pin it to the intersection of
    // their cells. With nested grids that intersection is the finer cell itself, never less.
    const random = fc.sample(inhabitedArb, { numRuns: 20_000, seed: 9 });
    let pinnedWithin60 = 0;
    let pinnedWithin20 = 0;
    for (const exact of random) {
      const fine = cellBounds(cellOf(exact, 'point'));
      const coarse = cellBounds(cellOf(exact, 'coarse'));
      const west = Math.max(fine.west, coarse.west);
      const east = Math.min(fine.east, coarse.east);
      const south = Math.max(fine.south, coarse.south);
      const north = Math.min(fine.north, coarse.north);
      const middle = (south + north) / 2;
      const widthMetres = turfMetres({ lon: west, lat: middle }, { lon: east, lat: middle });
      const heightMetres = turfMetres({ lon: west, lat: south }, { lon: west, lat: north });
      const extent = Math.max(widthMetres, heightMetres);
      if (extent < 60) pinnedWithin60 += 1;
      if (extent < 20) pinnedWithin20 += 1;
      expect(east - west).toBeCloseTo(fine.east - fine.west, 9);
      expect(north - south).toBeCloseTo(fine.north - fine.south, 9);
    }
    console.log(
      `geomask: ${random.length} random places, a change between the point and coarse policies ` +
        `pins ${((100 * pinnedWithin60) / random.length).toFixed(2)} % within 60 m, ` +
        `${((100 * pinnedWithin20) / random.length).toFixed(2)} % within 20 m`,
    );
    expect(pinnedWithin60).toBe(0);
    expect(pinnedWithin20).toBe(0);
  });

  it.each(GRIDDED_POLICIES)(
    'puts the %s public point at the middle of its cell bounds',
    (policy) => {
      fc.assert(
        fc.property(inhabitedArb, (exact) => {
          const cell = cellOf(exact, policy);
          const bounds = cellBounds(cell);
          expect(exact.lon).toBeGreaterThanOrEqual(bounds.west - 1e-9);
          expect(exact.lon).toBeLessThanOrEqual(bounds.east + 1e-9);
          expect(exact.lat).toBeGreaterThanOrEqual(bounds.south - 1e-9);
          expect(exact.lat).toBeLessThanOrEqual(bounds.north + 1e-9);
          const centre = cellCentre(cell);
          expect(centre.lon).toBeCloseTo((bounds.west + bounds.east) / 2, 9);
          expect(centre.lat).toBeCloseTo((bounds.south + bounds.north) / 2, 9);
        }),
        { numRuns: 2_000 },
      );
    },
  );

  it('has cells of 150 m, 600 m and 1200 m', () => {
    expect(GRID_METRES).toStrictEqual({ point: 150, coarse: 600, aggregate: 1200 });
  });

  it('gives no public location for hidden categories', () => {
    fc.assert(
      fc.property(anywhereArb, (exact) => {
        expect(publicLocation(exact, 'hidden')).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    { lon: Number.NaN, lat: 0 },
    { lon: 0, lat: Number.NaN },
    { lon: Number.POSITIVE_INFINITY, lat: 0 },
    { lon: 0, lat: Number.NEGATIVE_INFINITY },
    { lon: 0, lat: 91 },
    { lon: 0, lat: -90.000001 },
    { lon: 180.000001, lat: 0 },
    { lon: -181, lat: 0 },
  ])('throws a RangeError for invalid input %o', (exact) => {
    for (const policy of [...GRIDDED_POLICIES, 'hidden'] as const) {
      expect(() => publicLocation(exact, policy)).toThrow(RangeError);
    }
  });

  it('throws a RangeError for a policy it does not know', () => {
    expect(() => publicLocation({ lon: 0, lat: 0 }, 'secret' as GriddedPolicy)).toThrow(RangeError);
  });

  it('keeps a point in Chicago within its block', () => {
    const chicago = { lon: -87.6298, lat: 41.8781 };
    expect(turfMetres(chicago, publicPoint(chicago, 'point'))).toBeLessThanOrEqual(
      maxPublicDistanceMetres('point'),
    );
  });
});
