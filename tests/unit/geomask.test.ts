import { distance } from '@turf/distance';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EARTH_RADIUS_METRES,
  GRID_METRES,
  maxPublicDistanceMetres,
  minPublicDistanceMetres,
  publicLocation,
  type GriddedPolicy,
  type LonLat,
} from '../../server/privacy/geomask.js';

const GRIDDED_POLICIES: readonly GriddedPolicy[] = ['point', 'coarse', 'aggregate'];
const NUM_RUNS: Readonly<Record<GriddedPolicy, number>> = {
  point: 20_000,
  coarse: 5_000,
  aggregate: 5_000,
};
// Both sides compute the haversine formula with the same radius; this only absorbs rounding.
const TOLERANCE_METRES = 0.5;
const METRES_PER_DEGREE = (EARTH_RADIUS_METRES * Math.PI) / 180;

/** Independent measure: @turf/distance, not the module's own haversine. */
function turfMetres(a: LonLat, b: LonLat): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Moves a point by small north/east offsets (a local flat approximation, fine below 1 km). */
function offsetByMetres(point: LonLat, northMetres: number, eastMetres: number): LonLat {
  const metresPerDegreeLon = METRES_PER_DEGREE * Math.cos((point.lat * Math.PI) / 180);
  return {
    lat: clamp(point.lat + northMetres / METRES_PER_DEGREE, -90, 90),
    lon: clamp(point.lon + eastMetres / metresPerDegreeLon, -180, 180),
  };
}

function publicPoint(exact: LonLat, policy: GriddedPolicy): LonLat {
  const result = publicLocation(exact, policy);
  if (result === null) throw new Error(`no public point for ${policy}`);
  return result;
}

/** A public point is always a cell centre, so this is a way to get arbitrary cell centres. */
function cellCentreOf(seed: LonLat, policy: GriddedPolicy): LonLat {
  return publicPoint(seed, policy);
}

const lonArb = fc.double({ min: -180, max: 180, noNaN: true });
const latArb = fc.double({ min: -90, max: 90, noNaN: true });
const uniformPointArb = fc.record({ lon: lonArb, lat: latArb });

const TRICKY_SEEDS: readonly LonLat[] = [
  { lon: 0, lat: 0 },
  { lon: -0, lat: -0 },
  { lon: 180, lat: 0 },
  { lon: -180, lat: 0 },
  { lon: 0, lat: 90 },
  { lon: 0, lat: -90 },
  { lon: 180, lat: 90 },
  { lon: -180, lat: -90 },
  { lon: 123.456, lat: 90 },
  { lon: -45, lat: -90 },
  { lon: 179.9999999, lat: 89.9999999 },
  { lon: -179.9999999, lat: -89.9999999 },
  { lon: 180, lat: 89.999 },
  { lon: -180, lat: -89.99 },
  { lon: 0, lat: 1e-12 },
  { lon: -87.6298, lat: 41.8781 },
  { lon: -0.1276, lat: 51.5072 },
];

function pointArb(policy: GriddedPolicy): fc.Arbitrary<LonLat> {
  const cellMetres = GRID_METRES[policy];
  const trickyCentres = TRICKY_SEEDS.map((seed) => cellCentreOf(seed, policy));
  const centreArb = uniformPointArb.map((seed) => cellCentreOf(seed, policy));
  // Points right next to a cell centre take the fallback branch of the rule.
  const nearCentreArb = fc
    .tuple(
      fc.oneof(centreArb, fc.constantFrom(...trickyCentres)),
      fc.double({ min: -0.12 * cellMetres, max: 0.12 * cellMetres, noNaN: true }),
      fc.double({ min: -0.12 * cellMetres, max: 0.12 * cellMetres, noNaN: true }),
    )
    .map(([centre, north, east]) => offsetByMetres(centre, north, east));
  return fc.oneof(
    { arbitrary: uniformPointArb, weight: 4 },
    { arbitrary: fc.constantFrom(...TRICKY_SEEDS, ...trickyCentres), weight: 1 },
    { arbitrary: centreArb, weight: 1 },
    { arbitrary: nearCentreArb, weight: 2 },
  );
}

describe('publicLocation', () => {
  describe.each(GRIDDED_POLICIES)('policy %s', (policy) => {
    const cellMetres = GRID_METRES[policy];

    it('moves the point, by at least the minimum and at most the maximum distance', () => {
      fc.assert(
        fc.property(pointArb(policy), (exact) => {
          const result = publicPoint(exact, policy);
          expect(result.lon === exact.lon && result.lat === exact.lat).toBe(false);
          const metres = turfMetres(exact, result);
          expect(metres).toBeGreaterThanOrEqual(minPublicDistanceMetres(policy) - TOLERANCE_METRES);
          expect(metres).toBeLessThanOrEqual(maxPublicDistanceMetres(policy) + TOLERANCE_METRES);
          expect(Math.abs(result.lon)).toBeLessThanOrEqual(180);
          expect(Math.abs(result.lat)).toBeLessThanOrEqual(90);
        }),
        { numRuns: NUM_RUNS[policy] },
      );
    });

    it('gives the same output for the same input', () => {
      fc.assert(
        fc.property(pointArb(policy), (exact) => {
          const first = publicLocation(exact, policy);
          const second = publicLocation({ lon: exact.lon, lat: exact.lat }, policy);
          expect(second).toStrictEqual(first);
        }),
        { numRuns: 2_000 },
      );
    });

    it('gives every point near a cell centre the same public point', () => {
      const tinyArb = fc.double({ min: -0.05 * cellMetres, max: 0.05 * cellMetres, noNaN: true });
      fc.assert(
        fc.property(uniformPointArb, tinyArb, tinyArb, tinyArb, tinyArb, (seed, n1, e1, n2, e2) => {
          const centre = cellCentreOf(seed, policy);
          const first = offsetByMetres(centre, n1, e1);
          const second = offsetByMetres(centre, n2, e2);
          expect(publicLocation(first, policy)).toStrictEqual(publicLocation(second, policy));
          expect(publicLocation(first, policy)).toStrictEqual(publicLocation(centre, policy));
        }),
        { numRuns: 2_000 },
      );
    });

    it('snaps every point of a cell outside the central disc to that cell centre', () => {
      const midLatitudeSeedArb = fc.record({
        lon: lonArb,
        lat: fc.double({ min: -80, max: 80, noNaN: true }),
      });
      const offsetArb = fc.double({ min: -0.4 * cellMetres, max: 0.4 * cellMetres, noNaN: true });
      fc.assert(
        fc.property(midLatitudeSeedArb, offsetArb, offsetArb, (seed, north, east) => {
          fc.pre(Math.hypot(north, east) >= 0.15 * cellMetres);
          const centre = cellCentreOf(seed, policy);
          const exact = offsetByMetres(centre, north, east);
          fc.pre(Math.abs(exact.lon) < 180);
          expect(publicLocation(exact, policy)).toStrictEqual(centre);
        }),
        { numRuns: 2_000 },
      );
    });

    it('reports its distance bounds as fractions of the cell size', () => {
      expect(minPublicDistanceMetres(policy)).toBeCloseTo(0.1 * cellMetres, 9);
      expect(maxPublicDistanceMetres(policy)).toBeCloseTo(1.1 * cellMetres, 9);
    });
  });

  it('gives no public location for hidden categories', () => {
    fc.assert(
      fc.property(uniformPointArb, (exact) => {
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

  it('moves a point in Chicago by a block at most', () => {
    const chicago = { lon: -87.6298, lat: 41.8781 };
    const result = publicPoint(chicago, 'point');
    expect(result).not.toStrictEqual(chicago);
    const metres = turfMetres(chicago, result);
    expect(metres).toBeGreaterThanOrEqual(15);
    expect(metres).toBeLessThanOrEqual(165);
  });
});
