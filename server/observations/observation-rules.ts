import type { GriddedPolicy, LonLat } from '../privacy/geomask.js';
import { cellCentre, cellOf } from '../privacy/geomask.js';
import { InvalidRequestError } from '../errors.js';

// Phones' clocks drift: a report dated a little ahead is taken as now-ish, further is a mistake.
const MAX_FUTURE_MS = 5 * 60 * 1000;
/** Older than this, a report is history, not what a resident just saw. */
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/** When it was seen: now by default, never ahead of now (5 min slack), at most 7 days ago. */
export function observedAtOf(given: string | undefined, now: Date): Date {
  const at = given === undefined ? now : new Date(given);
  if (at.getTime() > now.getTime() + MAX_FUTURE_MS) {
    throw new InvalidRequestError('observedAt lies in the future');
  }
  if (at.getTime() < now.getTime() - MAX_AGE_MS) {
    throw new InvalidRequestError('observedAt lies more than 7 days back; report recent events');
  }
  return at;
}

/** A grid cell's id: its policy, row and column (the column's width follows from the row). */
function cellId(policy: GriddedPolicy, exact: LonLat): string {
  const cell = cellOf(exact, policy);
  return `${policy}:${cell.row}:${cell.column}`;
}

/** Where the public sees a report: its kind's cell, as a point and an id. */
export function publicCellOf(
  exact: LonLat,
  policy: 'point' | 'coarse',
): { id: string; centre: LonLat } {
  return { id: cellId(policy, exact), centre: cellCentre(cellOf(exact, policy)) };
}

/**
 * The small (150 m) cell of the EXACT place, which the anti-targeting rule counts reporters in.
 * Private: for kinds shown at 600 m it is finer than anything public.
 */
export function targetCellOf(exact: LonLat): string {
  return cellId('point', exact);
}
