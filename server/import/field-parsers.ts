import { zonedTimeToInstant } from '../../shared/zoned-time.js';

/** A number from a text field, or null when empty or not a finite number. */
export function numberOrNull(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const LOCAL_ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AP]M))?)?$/i;
const MONTH_ONLY = /^(\d{4})-(\d{2})$/;

/**
 * Parses the date forms the sources use: ISO with a zone or offset (taken as it says),
 * `YYYY-MM-DD[ hh:mm[:ss]]`, `MM/DD/YYYY[ hh:mm[:ss] AM]` and `YYYY-MM` (the first of the month),
 * the zoneless ones as wall-clock time in `timeZone`. Null when it is none of them.
 */
export function parseDateTime(text: string, timeZone: string): Date | null {
  const value = text.trim();
  if (ISO_WITH_ZONE.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const iso = LOCAL_ISO.exec(value);
  if (iso) {
    const [, y, mo, d, h, mi, s] = iso;
    return zonedTimeToInstant(
      {
        year: +(y ?? 0),
        month: +(mo ?? 0),
        day: +(d ?? 0),
        hour: +(h ?? 0),
        minute: +(mi ?? 0),
        second: +(s ?? 0),
      },
      timeZone,
    );
  }
  const us = US_DATE.exec(value);
  if (us) {
    const [, mo, d, y, h, mi, s, meridiem] = us;
    let hour = +(h ?? 0);
    if (meridiem) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
    }
    return zonedTimeToInstant(
      {
        year: +(y ?? 0),
        month: +(mo ?? 0),
        day: +(d ?? 0),
        hour,
        minute: +(mi ?? 0),
        second: +(s ?? 0),
      },
      timeZone,
    );
  }
  const month = MONTH_ONLY.exec(value);
  if (month) {
    return zonedTimeToInstant(
      { year: +(month[1] ?? 0), month: +(month[2] ?? 0), day: 1, hour: 0, minute: 0, second: 0 },
      timeZone,
    );
  }
  return null;
}

/** A date from separate numeric fields (year, month, day[, hour[, minute[, second]]]). */
export function dateFromParts(values: readonly string[], timeZone: string): Date | null {
  const numbers = values.map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
  if (numbers.length < 3 || numbers.some((n) => !Number.isInteger(n))) return null;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = numbers;
  return zonedTimeToInstant({ year, month, day, hour, minute, second }, timeZone);
}

/** Location checks shared by every format, for geographic coordinates. */
export function lonLatProblem(lon: number | null, lat: number | null): string | null {
  if (lon === null || lat === null) return 'no coordinates';
  if (lon === 0 && lat === 0) return 'no coordinates';
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return 'coordinates out of range';
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return 'coordinates out of range';
  return null;
}
