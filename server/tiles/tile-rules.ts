/**
 * What an incident tile may show, by zoom. Tiles read only `public_location` of incidents whose
 * visibility is `point` or `coarse`; `aggregate` and `hidden` incidents are not in tiles at all.
 *
 * - z ≥ COARSE_POINT_ZOOM (15): every such incident as a point.
 * - z = POINT_ZOOM (14): `point` incidents as points; `coarse` ones only inside counted cells.
 *   A coarse public point is snapped to a 600 m grid, but a lone 600 m point drawn at z 14 still
 *   stands for one household more readily than a street-block point does.
 * - z < POINT_ZOOM: no points, only cells of CELL_UNITS × CELL_UNITS tile units (a 64 × 64
 *   grid per tile), each drawn at the cell's centre (never at an incident's point) with its
 *   `count` and `topCategory`. A cell holding fewer than MIN_CELL_COUNT (k = 3) incidents is
 *   dropped, so no cell stands for one or two incidents.
 */

export const EXTENT = 4096;
/** Tile units around the tile whose points are still drawn (symbols crossing the edge). */
export const POINT_BUFFER = 64;
export const CELLS_PER_SIDE = 64;
export const CELL_UNITS = EXTENT / CELLS_PER_SIDE;
export const MIN_CELL_COUNT = 3;
export const POINT_ZOOM = 14;
export const COARSE_POINT_ZOOM = 15;
export const MAX_ZOOM = 20;
export const LAYER_NAME = 'incidents';

/** Which incidents a tile at zoom `z` draws as points and which only as counted cells. */
export function tilePlan(z: number): { points: 'all' | 'point-only' | 'none'; cells: boolean } {
  if (z >= COARSE_POINT_ZOOM) return { points: 'all', cells: false };
  if (z >= POINT_ZOOM) return { points: 'point-only', cells: true };
  return { points: 'none', cells: true };
}
