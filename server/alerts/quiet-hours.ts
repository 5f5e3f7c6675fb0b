import type { QuietHours } from '../../shared/schemas/alert.js';
import { wallClockAt, zonedTimeToInstant } from '../../shared/zoned-time.js';

/** Whether Intl knows the zone (an IANA name such as `Europe/Berlin`, or `UTC`). */
export function isTimeZone(zone: string): boolean {
  // Recent engines also take offsets ("+01:00"): not a zone with rules, so not accepted here.
  if (/^[+-]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant when the zone's clocks show this date and minute of the day. A time that does
 * not exist (in the spring gap) takes the earlier offset and comes out an hour late, which is
 * still the first moment the quiet hours are over.
 */
function instantOf(year: number, month: number, day: number, minutes: number, zone: string) {
  const local = {
    year,
    month,
    day,
    hour: Math.floor(minutes / 60),
    minute: minutes % 60,
    second: 0,
  };
  return zonedTimeToInstant(local, zone)?.getTime() ?? Date.UTC(year, month - 1, day, 0, minutes);
}

function minutesOf(clock: string): number {
  const [hours = '0', minutes = '0'] = clock.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/**
 * When a notification made at `now` is due: now, or the end of the quiet hours it falls in.
 * Quiet hours from 22:00 to 07:00 wrap past midnight; equal start and end mean none.
 */
export function dueAfterQuietHours(now: Date, quiet: QuietHours | null): Date {
  if (!quiet) return now;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return now;
  const clock = wallClockAt(now.getTime(), quiet.timeZone);
  const minute = clock.hour * 60 + clock.minute;
  const wraps = start > end;
  const quietNow = wraps ? minute >= start || minute < end : minute >= start && minute < end;
  if (!quietNow) return now;
  // Before midnight in a wrapping window, the quiet hours end tomorrow (local date).
  const tomorrow = wraps && minute >= start;
  const date = new Date(Date.UTC(clock.year, clock.month - 1, clock.day + (tomorrow ? 1 : 0)));
  const endsAt = instantOf(
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    end,
    quiet.timeZone,
  );
  return endsAt > now.getTime() ? new Date(endsAt) : now;
}
