/**
 * The public (generalised) location of an incident, computed once at write time from its
 * exact location and its category's public policy.
 *
 * Rule: the exact point snaps to the centre of a cell of a fixed, global grid.
 * - Grid size per policy: `point` 150 m (about a city block, in the spirit of
 *   data.police.uk's snap points, whose catchment holds at least eight postal addresses,
 *   https://data.police.uk/about/#location-anonymisation), `coarse` 500 m (the place is
 *   often the victim's home), `aggregate` 1000 m (only ever counted per cell, never drawn as
 *   a point). `hidden` has no public location at all.
 * - Spherical earth, R = 6371008.8 m (the radius @turf/distance uses), so metres per degree
 *   of latitude = R·π/180.
 * - Latitude bands: nb = ceil(180 / (cell / metresPerDegLat)), band height h = 180 / nb, so
 *   an integer number of bands tiles [-90, 90] and no band is taller than the cell. Band
 *   i = floor((lat + 90) / h), clamped to [0, nb - 1].
 * - Longitude cells: per band, n = ceil(360 / wDeg) with
 *   wDeg = cell / (metresPerDegLat · cos(φ)), φ being the latitude of the band closest to
 *   the equator (its equatorward edge, or 0 for the band that straddles the equator), so no
 *   cell is wider than the cell size; n is at least 1. Cell width w = 360 / n, column
 *   j = floor((lon + 180) / w), clamped to [0, n - 1].
 * - Public point = centre of the cell ((j + ½)·w − 180, (i + ½)·h − 90).
 * - If the exact point lies closer than MIN_DISPLACEMENT_FRACTION · cell to that centre
 *   (haversine), the public point is the centre of the next cell east in the same band
 *   (column (j + 1) mod n, wrapping at the antimeridian), so the public point is never the
 *   exact point.
 *
 * Why a grid and not random jitter: jitter is a fresh random draw per report, so averaging
 * repeated reports of the same address converges on it; a deterministic snap gives every
 * report from a cell the same public point, and nothing is left to average.
 *
 * Why the same-band neighbour for the fallback: the cell "one band up" (the first design)
 * has columns that do not line up with the band below (n changes from band to band), so its
 * centre can be half a cell sideways as well as a cell up: up to ~1.21 × cell away at any
 * latitude. The same-band neighbour centre is at most one cell width (≤ cell) from the own
 * centre, and the exact point is within 0.1 × cell of the own centre, so the triangle
 * inequality bounds the distance by 1.1 × cell (MAX_DISTANCE_FRACTION). Every band has at
 * least 7 cells for any cell far smaller than the earth (the polar cap band is a ring about
 * one cell wide around the pole, 2π cells round), so the neighbour is always another cell.
 *
 * The result is stored, never recomputed, so a last-bit difference in Math.cos between
 * JavaScript engines cannot move a point that has already been published.
 */
import type { PublicPolicy } from '../../shared/categories.js';

export interface LonLat {
  lon: number;
  lat: number;
}

/** Policies that have a public location (every policy but `hidden`). */
export type GriddedPolicy = Exclude<PublicPolicy, 'hidden'>;

export const GRID_METRES: Readonly<Record<GriddedPolicy, number>> = Object.freeze({
  point: 150,
  coarse: 500,
  aggregate: 1000,
});

/** The public point is at least this fraction of the cell size away from the exact one. */
export const MIN_DISPLACEMENT_FRACTION = 0.1;
/** ...and at most this fraction of the cell size away. */
export const MAX_DISTANCE_FRACTION = 1.1;

export const EARTH_RADIUS_METRES = 6371008.8;

const RADIANS_PER_DEGREE = Math.PI / 180;
const METRES_PER_DEGREE_LATITUDE = EARTH_RADIUS_METRES * RADIANS_PER_DEGREE;

interface Grid {
  readonly cellMetres: number;
  readonly bandCount: number;
  readonly bandHeightDegrees: number;
}

interface GridCell {
  readonly band: number;
  readonly column: number;
  readonly columnCount: number;
}

export function publicLocation(exact: LonLat, policy: PublicPolicy): LonLat | null {
  assertValidLonLat(exact);
  if (policy === 'hidden') return null;

  const grid = gridFor(gridMetres(policy));
  const cell = cellContaining(grid, exact);
  const centre = cellCentre(grid, cell);
  if (haversineMetres(exact, centre) >= MIN_DISPLACEMENT_FRACTION * grid.cellMetres) {
    return centre;
  }
  return cellCentre(grid, { ...cell, column: (cell.column + 1) % cell.columnCount });
}

export function maxPublicDistanceMetres(policy: GriddedPolicy): number {
  return MAX_DISTANCE_FRACTION * gridMetres(policy);
}

export function minPublicDistanceMetres(policy: GriddedPolicy): number {
  return MIN_DISPLACEMENT_FRACTION * gridMetres(policy);
}

/** Great-circle distance on the spherical earth of radius EARTH_RADIUS_METRES. */
export function haversineMetres(a: LonLat, b: LonLat): number {
  const sinHalfDLat = Math.sin(((b.lat - a.lat) * RADIANS_PER_DEGREE) / 2);
  const sinHalfDLon = Math.sin(((b.lon - a.lon) * RADIANS_PER_DEGREE) / 2);
  const h =
    sinHalfDLat * sinHalfDLat +
    Math.cos(a.lat * RADIANS_PER_DEGREE) *
      Math.cos(b.lat * RADIANS_PER_DEGREE) *
      sinHalfDLon *
      sinHalfDLon;
  const clamped = Math.min(1, Math.max(0, h));
  return 2 * EARTH_RADIUS_METRES * Math.atan2(Math.sqrt(clamped), Math.sqrt(1 - clamped));
}

function assertValidLonLat({ lon, lat }: LonLat): void {
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) {
    throw new RangeError(`longitude must be a finite number in [-180, 180], got ${String(lon)}`);
  }
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) {
    throw new RangeError(`latitude must be a finite number in [-90, 90], got ${String(lat)}`);
  }
}

function gridMetres(policy: GriddedPolicy): number {
  // Policies come from the database at run time too; an unknown one must not become NaN.
  if (!Object.hasOwn(GRID_METRES, policy)) {
    throw new RangeError(`no public grid for policy ${policy}`);
  }
  return GRID_METRES[policy];
}

const gridsByCellMetres = new Map<number, Grid>();

function gridFor(cellMetres: number): Grid {
  const cached = gridsByCellMetres.get(cellMetres);
  if (cached) return cached;
  const bandCount = Math.ceil(180 / (cellMetres / METRES_PER_DEGREE_LATITUDE));
  const grid = { cellMetres, bandCount, bandHeightDegrees: 180 / bandCount };
  gridsByCellMetres.set(cellMetres, grid);
  return grid;
}

function cellContaining(grid: Grid, { lon, lat }: LonLat): GridCell {
  const band = clampIndex(Math.floor((lat + 90) / grid.bandHeightDegrees), grid.bandCount);
  const columnCount = columnCountOf(grid, band);
  const column = clampIndex(Math.floor((lon + 180) / (360 / columnCount)), columnCount);
  return { band, column, columnCount };
}

function columnCountOf(grid: Grid, band: number): number {
  const southEdge = band * grid.bandHeightDegrees - 90;
  const northEdge = southEdge + grid.bandHeightDegrees;
  const equatorwardLatitude =
    southEdge <= 0 && northEdge >= 0 ? 0 : Math.min(Math.abs(southEdge), Math.abs(northEdge));
  const metresPerDegreeLongitude =
    METRES_PER_DEGREE_LATITUDE * Math.cos(equatorwardLatitude * RADIANS_PER_DEGREE);
  // Near a pole metresPerDegreeLongitude → 0, so 360 / widthDegrees → 0: keep one cell.
  const widthDegrees = grid.cellMetres / metresPerDegreeLongitude;
  return Math.max(1, Math.ceil(360 / widthDegrees));
}

function cellCentre(grid: Grid, cell: GridCell): LonLat {
  return {
    lon: (cell.column + 0.5) * (360 / cell.columnCount) - 180,
    lat: (cell.band + 0.5) * grid.bandHeightDegrees - 90,
  };
}

function clampIndex(index: number, count: number): number {
  return Math.min(count - 1, Math.max(0, index));
}
