import type { QuietHours } from '../../shared/schemas/alert.js';

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

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall clock in the zone at an instant. */
function wallClock(instant: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatOf(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const wholeSeconds = Math.floor(instant / 1000) * 1000;
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - wholeSeconds;
}

/**
 * The instant when the zone's clocks show this date and minute of the day. The offset is
 * looked up twice, at the guess and again at the corrected instant, so a day on which the
 * clocks change lands on the right side of the change. A time that does not exist (in the
 * spring gap) comes out an hour off, which is still the first moment the quiet hours are over.
 */
function instantOf(year: number, month: number, day: number, minutes: number, zone: string) {
  const local = Date.UTC(year, month - 1, day, 0, minutes);
  const first = local - offsetAt(local, zone);
  return local - offsetAt(first, zone);
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
  const clock = wallClock(now.getTime(), quiet.timeZone);
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
