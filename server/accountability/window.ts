import type { AccountabilityPeriod } from '../../shared/schemas/accountability.js';

/** A half-open window [from, to) and the window of the same length just before it. */
export interface StatisticsWindow {
  from: Date;
  to: Date;
  previousFrom: Date;
}

/** A journalist's multi-year view fits; a century of weekly buckets does not. */
export const MAX_WINDOW_DAYS = 5 * 366;
const DAY_MS = 86_400_000;

/** `to` moved back by one period, in UTC calendar units (a month back from 31 March is 3 March). */
function periodBefore(to: Date, period: AccountabilityPeriod): Date {
  const from = new Date(to);
  switch (period) {
    case 'day':
      from.setUTCDate(from.getUTCDate() - 1);
      break;
    case 'week':
      from.setUTCDate(from.getUTCDate() - 7);
      break;
    case 'month':
      from.setUTCMonth(from.getUTCMonth() - 1);
      break;
    case 'quarter':
      from.setUTCMonth(from.getUTCMonth() - 3);
      break;
    case 'year':
      from.setUTCFullYear(from.getUTCFullYear() - 1);
      break;
  }
  return from;
}

function periodAfter(from: Date, period: AccountabilityPeriod): Date {
  const back = periodBefore(from, period);
  return new Date(from.getTime() + (from.getTime() - back.getTime()));
}

export type WindowResult = { ok: true; window: StatisticsWindow } | { ok: false; message: string };

/**
 * [from, to) when both are given; else one `period` ending at `to` (default now) or starting
 * at `from`. The previous window has the same length and ends where this one starts.
 */
export function resolveWindow(
  query: { period?: AccountabilityPeriod; from?: string; to?: string },
  now: Date,
): WindowResult {
  const period = query.period ?? 'month';
  let from: Date;
  let to: Date;
  if (query.from !== undefined && query.to !== undefined) {
    from = new Date(query.from);
    to = new Date(query.to);
  } else if (query.from !== undefined) {
    from = new Date(query.from);
    to = periodAfter(from, period);
  } else {
    to = query.to === undefined ? now : new Date(query.to);
    from = periodBefore(to, period);
  }
  if (from.getTime() >= to.getTime()) {
    return { ok: false, message: '`from` must be before `to`' };
  }
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    return { ok: false, message: `The window may span at most ${MAX_WINDOW_DAYS} days` };
  }
  const previousFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
  return { ok: true, window: { from, to, previousFrom } };
}
