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

/** `date` moved by whole months in UTC, kept within the month (31 March − 1 month = 28 February). */
function addMonths(date: Date, months: number): Date {
  const moved = new Date(date);
  moved.setUTCDate(1);
  moved.setUTCMonth(moved.getUTCMonth() + months);
  const lastDay = new Date(
    Date.UTC(moved.getUTCFullYear(), moved.getUTCMonth() + 1, 0),
  ).getUTCDate();
  moved.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return moved;
}

const MONTHS: Partial<Record<AccountabilityPeriod, number>> = { month: 1, quarter: 3, year: 12 };
const DAYS: Partial<Record<AccountabilityPeriod, number>> = { day: 1, week: 7 };

/** `date` moved by one period forwards (1) or back (−1), in UTC calendar units. */
function shift(date: Date, period: AccountabilityPeriod, direction: 1 | -1): Date {
  const months = MONTHS[period];
  if (months !== undefined) return addMonths(date, direction * months);
  return new Date(date.getTime() + direction * (DAYS[period] ?? 1) * DAY_MS);
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
    to = shift(from, period, 1);
  } else {
    to = query.to === undefined ? now : new Date(query.to);
    from = shift(to, period, -1);
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
