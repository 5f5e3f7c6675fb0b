/** Wall-clock parts of a local time, month 1–12. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws a RangeError for a zone the runtime does not know: the CLI reports it up front.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock in the zone at an instant. */
export function wallClockAt(instant: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const { year, month, day, hour, minute, second } = wallClockAt(instant, timeZone);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return wall - (instant - (instant % 1000));
}

const HOUR_MS = 3_600_000;
const MAX_CACHED_HOURS = 200_000;
const offsetsByZone = new Map<string, Map<number, number>>();

/**
 * Offsets change only at transitions on whole wall-clock hours (every zone in use since 1996
 * but Lord Howe Island's half-hour DST), so one lookup per zone and wall-clock hour is enough:
 * Intl is slow enough to dominate an import otherwise.
 */
function offsetForWallTime(wall: number, timeZone: string): number {
  let offsets = offsetsByZone.get(timeZone);
  if (!offsets) {
    offsets = new Map();
    offsetsByZone.set(timeZone, offsets);
  }
  const hour = Math.floor(wall / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR_MS;
    const firstGuess = start - offsetAt(start, timeZone);
    offset = offsetAt(firstGuess, timeZone);
    if (offsets.size >= MAX_CACHED_HOURS) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/**
 * The instant a wall-clock time in an IANA zone stands for, or null when the parts are no
 * real date (a 31st of February). In the hour skipped by a DST change the earlier offset
 * applies; in the repeated hour, the first occurrence.
 */
export function zonedTimeToInstant(local: LocalTime, timeZone: string): Date | null {
  const { year, month, day, hour, minute, second } = local;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (
    !Number.isFinite(wall) ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    hour < 0 ||
    minute < 0 ||
    second < 0
  ) {
    return null;
  }
  if (timeZone === 'UTC') return check;
  return new Date(wall - offsetForWallTime(wall, timeZone));
}
