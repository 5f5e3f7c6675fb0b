/**
 * The public (generalised) location of an incident, computed once at write time from its
 * exact location and its public policy.
 *
 * Guarantee: the public point is a function of the cell alone. Two exact points in one cell
 * get the same public point, and nothing depends on where in its cell the exact point lies.
 * The grids are nested: every coarser cell is the exact union of finer ones, so the public
 * points an incident ever had reveal no more than the finest of their cells, and (because
 * earlier, finer parts are withheld and a policy never becomes finer again, see
 * server/incidents/visibility.ts) the public record reveals no more than the cell of the
 * coarsest policy the incident ever had.
 *
 * The grid:
 * - One base grid of BASE_CELL_METRES (the `aggregate` cell). Spherical earth,
 *   R = 6371008.8 m (the radius @turf/distance uses), metres per degree of latitude = R·π/180.
 * - Base latitude bands: nb = ceil(180 / (base / metresPerDegLat)), height h = 180 / nb, so an
 *   integer number of bands tiles [-90, 90] and none is taller than the base cell.
 * - Base columns per band: n = ceil(360 / wDeg) with wDeg = base / (metresPerDegLat · cos φ),
 *   φ the band's latitude closest to the equator, so no cell is wider than the base cell;
 *   n ≥ 1, width w = 360 / n.
 * - Each base cell is split into SUBDIVISIONS × SUBDIVISIONS fine cells (150 m for a 1200 m
 *   base). A point's fine row and column are computed once; a policy's cell is the fine index
 *   divided (integer division) by its block of fine cells: 8 for `point` (one fine cell),
 *   2 for `coarse` (600 m), 1 for `aggregate` (the base cell). Integer division of one
 *   computed index is what makes the nesting exact, free of floating-point disagreement.
 * - Public point = centre of the policy's cell. `hidden` has no public location at all.
 *
 * Why a grid and not random jitter: jitter is a fresh random draw per report, so averaging
 * repeated reports of one address converges on it; a grid gives every report from a cell the
 * same public point, and nothing is left to average.
 *
 * Why no rule that moves the point away when the exact point lies near the centre: such a rule
 * depends on the place inside the cell, so it is itself a signal (an incident drawn one cell
 * east of where its neighbours' cells put it tells that it lies near that centre).
 *
 * The result is stored, never recomputed, so a last-bit difference in Math.cos between
 * JavaScript engines cannot move a point that has already been published.
 */
import type { PublicPolicy } from '../../shared/categories.js';
import { EARTH_RADIUS_METRES } from '../../shared/geo/distance.js';

export interface LonLat {
  lon: number;
  lat: number;
}

/** Policies that have a public location (every policy but `hidden`). */
export type GriddedPolicy = Exclude<PublicPolicy, 'hidden'>;

export const BASE_CELL_METRES = 1200;
/** Fine cells per side of a base cell. */
const SUBDIVISIONS = 8;

/** Fine cells per side of one cell of each policy (a divisor of SUBDIVISIONS). */
const FINE_CELLS_PER_SIDE: Readonly<Record<GriddedPolicy, number>> = Object.freeze({
  point: 1,
  coarse: 4,
  aggregate: 8,
});

export const GRID_METRES: Readonly<Record<GriddedPolicy, number>> = Object.freeze({
  point: (BASE_CELL_METRES / SUBDIVISIONS) * FINE_CELLS_PER_SIDE.point,
  coarse: (BASE_CELL_METRES / SUBDIVISIONS) * FINE_CELLS_PER_SIDE.coarse,
  aggregate: (BASE_CELL_METRES / SUBDIVISIONS) * FINE_CELLS_PER_SIDE.aggregate,
});

/** The public point is at most this fraction of the cell size away (half a cell's diagonal). */
export const MAX_DISTANCE_FRACTION = Math.SQRT1_2;

const RADIANS_PER_DEGREE = Math.PI / 180;
const METRES_PER_DEGREE_LATITUDE = EARTH_RADIUS_METRES * RADIANS_PER_DEGREE;
const BASE_BAND_COUNT = Math.ceil(180 / (BASE_CELL_METRES / METRES_PER_DEGREE_LATITUDE));
const BASE_BAND_HEIGHT_DEGREES = 180 / BASE_BAND_COUNT;

/** A cell of a policy's grid: its row and column in units of that policy's cells. */
export interface GridCell {
  readonly policy: GriddedPolicy;
  readonly row: number;
  readonly column: number;
  /** Base columns in the cell's base band (the columns' width depends on the band). */
  readonly baseColumnCount: number;
}

export function publicLocation(exact: LonLat, policy: PublicPolicy): LonLat | null {
  assertValidLonLat(exact);
  if (policy === 'hidden') return null;
  return cellCentre(cellOf(exact, policy));
}

/** The cell of `policy`'s grid that holds the point. */
export function cellOf(exact: LonLat, policy: GriddedPolicy): GridCell {
  assertValidLonLat(exact);
  const block = fineCellsPerSide(policy);
  const fineRowCount = BASE_BAND_COUNT * SUBDIVISIONS;
  const fineRow = clampIndex(
    Math.floor(((exact.lat + 90) / BASE_BAND_HEIGHT_DEGREES) * SUBDIVISIONS),
    fineRowCount,
  );
  const baseColumnCount = baseColumnCountOf(Math.floor(fineRow / SUBDIVISIONS));
  const fineColumn = clampIndex(
    Math.floor(((exact.lon + 180) / (360 / baseColumnCount)) * SUBDIVISIONS),
    baseColumnCount * SUBDIVISIONS,
  );
  return {
    policy,
    row: Math.floor(fineRow / block),
    column: Math.floor(fineColumn / block),
    baseColumnCount,
  };
}

export function cellCentre(cell: GridCell): LonLat {
  const cellsPerBase = SUBDIVISIONS / fineCellsPerSide(cell.policy);
  const height = BASE_BAND_HEIGHT_DEGREES / cellsPerBase;
  const width = 360 / cell.baseColumnCount / cellsPerBase;
  return { lon: (cell.column + 0.5) * width - 180, lat: (cell.row + 0.5) * height - 90 };
}

/** The cell's edges in degrees: the area a public point stands for. */
export function cellBounds(cell: GridCell): {
  west: number;
  south: number;
  east: number;
  north: number;
} {
  const cellsPerBase = SUBDIVISIONS / fineCellsPerSide(cell.policy);
  const height = BASE_BAND_HEIGHT_DEGREES / cellsPerBase;
  const width = 360 / cell.baseColumnCount / cellsPerBase;
  return {
    west: cell.column * width - 180,
    east: (cell.column + 1) * width - 180,
    south: cell.row * height - 90,
    north: (cell.row + 1) * height - 90,
  };
}

export function maxPublicDistanceMetres(policy: GriddedPolicy): number {
  return MAX_DISTANCE_FRACTION * gridMetres(policy);
}

function assertValidLonLat({ lon, lat }: LonLat): void {
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) {
    throw new RangeError(`longitude must be a finite number in [-180, 180], got ${String(lon)}`);
  }
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) {
    throw new RangeError(`latitude must be a finite number in [-90, 90], got ${String(lat)}`);
  }
}

function fineCellsPerSide(policy: GriddedPolicy): number {
  // Policies come from the database at run time too; an unknown one must not become NaN.
  if (!Object.hasOwn(FINE_CELLS_PER_SIDE, policy)) {
    throw new RangeError(`no public grid for policy ${policy}`);
  }
  return FINE_CELLS_PER_SIDE[policy];
}

function gridMetres(policy: GriddedPolicy): number {
  return (BASE_CELL_METRES / SUBDIVISIONS) * fineCellsPerSide(policy);
}

const columnCounts = new Map<number, number>();

function baseColumnCountOf(band: number): number {
  const cached = columnCounts.get(band);
  if (cached !== undefined) return cached;
  const southEdge = band * BASE_BAND_HEIGHT_DEGREES - 90;
  const northEdge = southEdge + BASE_BAND_HEIGHT_DEGREES;
  const equatorwardLatitude =
    southEdge <= 0 && northEdge >= 0 ? 0 : Math.min(Math.abs(southEdge), Math.abs(northEdge));
  const metresPerDegreeLongitude =
    METRES_PER_DEGREE_LATITUDE * Math.cos(equatorwardLatitude * RADIANS_PER_DEGREE);
  // Near a pole metresPerDegreeLongitude → 0, so 360 / widthDegrees → 0: keep one cell.
  const widthDegrees = BASE_CELL_METRES / metresPerDegreeLongitude;
  const count = Math.max(1, Math.ceil(360 / widthDegrees));
  columnCounts.set(band, count);
  return count;
}

function clampIndex(index: number, count: number): number {
  return Math.min(count - 1, Math.max(0, index));
}
