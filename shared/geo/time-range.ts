export type TimeRangeResult = { ok: true } | { ok: false; message: string };

/**
 * `from` and `to` bound a half-open window [from, to), so `from` must come first when both
 * are given. Either alone is an open-ended window.
 */
export function checkTimeRange(from: string | undefined, to: string | undefined): TimeRangeResult {
  if (from === undefined || to === undefined) return { ok: true };
  if (Date.parse(from) >= Date.parse(to)) {
    return { ok: false, message: 'from must be earlier than to' };
  }
  return { ok: true };
}
