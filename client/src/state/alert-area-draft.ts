import { ALERT_RING_MAX_POSITIONS, type AlertPolygon } from '../../../shared/schemas/alert.js';

/**
 * The area a resident draws for an alert, one click a corner: a ring that is closed by
 * `finish` (the first corner repeated last, as GeoJSON wants), undone one corner at a time, or
 * cleared. Pure: the map component keeps a draft and shows it.
 */
export type Corner = [lon: number, lat: number];

export interface AreaDraft {
  corners: Corner[];
  /** Closed: no more corners until undone. */
  finished: boolean;
}

/** Why a drawn ring cannot be an alert's area yet. */
export type AreaProblem = 'too_few' | 'too_many' | 'crossing' | 'no_area';

export const EMPTY_DRAFT: AreaDraft = { corners: [], finished: false };

/** The most corners a ring may have: the schema counts the repeated first one too. */
export const MAX_CORNERS = ALERT_RING_MAX_POSITIONS - 1;

/** Six decimals (about 10 cm): more says nothing and makes two clicks differ by noise. */
function rounded([lon, lat]: Corner): Corner {
  return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}

const same = (a: Corner, b: Corner) => a[0] === b[0] && a[1] === b[1];

export function addCorner(draft: AreaDraft, at: Corner): AreaDraft {
  if (draft.finished || draft.corners.length >= MAX_CORNERS) return draft;
  const corner = rounded(at);
  const last = draft.corners.at(-1);
  if (last && same(last, corner)) return draft; // a double click is one corner
  return { corners: [...draft.corners, corner], finished: false };
}

/** A finished ring opens again; an open one loses its last corner. */
export function undoCorner(draft: AreaDraft): AreaDraft {
  if (draft.finished) return { corners: draft.corners, finished: false };
  return { corners: draft.corners.slice(0, -1), finished: false };
}

/** Closes the ring if it is a valid area; otherwise the draft is unchanged. */
export function finishArea(draft: AreaDraft): AreaDraft {
  if (areaProblem(draft.corners) !== null) return draft;
  return { corners: draft.corners, finished: true };
}

/** Twice the signed area in degrees² (shoelace): zero when the corners are on one line. */
function doubledArea(corners: readonly Corner[]): number {
  let sum = 0;
  corners.forEach(([x1, y1], i) => {
    const [x2, y2] = corners[(i + 1) % corners.length] ?? [x1, y1];
    sum += x1 * y2 - x2 * y1;
  });
  return sum;
}

function orientation(a: Corner, b: Corner, c: Corner): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

function onSegment(a: Corner, b: Corner, p: Corner): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

function segmentsTouch(a: Corner, b: Corner, c: Corner, d: Corner): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(a, b, c)) ||
    (o2 === 0 && onSegment(a, b, d)) ||
    (o3 === 0 && onSegment(c, d, a)) ||
    (o4 === 0 && onSegment(c, d, b))
  );
}

/** Whether two edges of the closed ring that are not neighbours meet (a figure eight). */
export function ringCrosses(corners: readonly Corner[]): boolean {
  const edges = corners.map((corner, i): [Corner, Corner] => [
    corner,
    corners[(i + 1) % corners.length] ?? corner,
  ]);
  const n = edges.length;
  return edges.some(([a, b], i) =>
    edges.some(([c, d], j) => {
      if (j < i + 2 || (i === 0 && j === n - 1)) return false; // neighbours share a corner
      return segmentsTouch(a, b, c, d);
    }),
  );
}

export function areaProblem(corners: readonly Corner[]): AreaProblem | null {
  if (corners.length < 3) return 'too_few';
  if (corners.length > MAX_CORNERS) return 'too_many';
  if (ringCrosses(corners)) return 'crossing';
  if (doubledArea(corners) === 0) return 'no_area';
  return null;
}

/** The alert's polygon, once the ring is finished: the first corner repeated last. */
export function draftPolygon(draft: AreaDraft): AlertPolygon | null {
  const first = draft.corners[0];
  if (!draft.finished || !first || areaProblem(draft.corners) !== null) return null;
  return { type: 'Polygon', coordinates: [[...draft.corners, first]] };
}

/** A saved polygon as a finished draft, for editing. */
export function draftOfPolygon(polygon: AlertPolygon): AreaDraft {
  const ring = polygon.coordinates[0] ?? [];
  const [first, last] = [ring[0], ring.at(-1)];
  const open = ring.length > 1 && first && last && same(first, last) ? ring.slice(0, -1) : ring;
  return { corners: open.map(([lon, lat]) => [lon, lat]), finished: open.length >= 3 };
}
