/**
 * The one rule for a date and time a client may send: RFC 3339 (as JSON Schema's `date-time`),
 * narrowed to what JavaScript's Date and PostgreSQL's timestamptz both read as the same instant.
 * ajv-formats alone accepts inputs PostgreSQL refuses (a 500 instead of a 400): year 0000
 * (PostgreSQL has no year zero), offsets past ±15:59 (its limit), and leap seconds, which Date
 * cannot parse. The instant is kept within years 1–9999 in UTC, so that every stored time
 * prints back (Date.toISOString) as a value this rule accepts: cursors round-trip.
 * https://www.rfc-editor.org/rfc/rfc3339#section-5.6 ·
 * https://www.postgresql.org/docs/15/datatype-datetime.html
 */

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-](\d{2}):?(\d{2}))$/;

/** PostgreSQL accepts zone offsets up to 15:59 and refuses 16:00. */
const MAX_OFFSET_HOURS = 15;
// Date.UTC reads years 0–99 as 1900–1999, so the earliest instant is parsed from text.
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59);

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const part = (index: number) => Number(match[index] ?? '0');
  const year = part(1);
  const month = part(2);
  const day = part(3);
  const instant = Date.parse(value);
  return (
    year >= 1 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    part(4) <= 23 &&
    part(5) <= 59 &&
    part(6) <= 59 && // no leap second: Date.parse refuses :60
    part(7) <= MAX_OFFSET_HOURS &&
    part(8) <= 59 &&
    Number.isFinite(instant) &&
    instant >= EARLIEST &&
    instant <= LATEST
  );
}
