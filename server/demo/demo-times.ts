const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Moves a span of past times into the `days` before `now`, keeping their order and relative
 * spacing (a linear map: the earliest lands `days` ago, the latest a minute ago), so an old
 * dataset looks like last week's.
 */
export function shiftIntoLastDays(times: readonly Date[], now: Date, days = 7): Date[] {
  if (times.length === 0) return [];
  const ms = times.map((time) => time.getTime());
  const earliest = Math.min(...ms);
  const latest = Math.max(...ms);
  const end = now.getTime() - 60_000;
  const start = now.getTime() - days * DAY_MS;
  const span = latest - earliest;
  return ms.map(
    (t) => new Date(span === 0 ? end : start + ((t - earliest) / span) * (end - start)),
  );
}
