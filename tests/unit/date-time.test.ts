import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDateTime } from '../../shared/schemas/date-time.js';

describe('isDateTime: what JavaScript and PostgreSQL both read as one instant', () => {
  it.each([
    '2026-11-24T18:00:00Z',
    '2026-11-24t18:00:00z',
    '2026-11-24 18:00:00Z',
    '2026-11-24T18:00:00.123456789+01:00',
    '2026-11-24T18:00:00+0100',
    '2026-11-24T18:00:00+15:59',
    '2026-11-24T18:00:00-15:59',
    '2024-02-29T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
  ])('takes %s', (value) => {
    expect(isDateTime(value)).toBe(true);
  });

  it.each([
    ['year zero, which PostgreSQL does not have', '0000-01-01T00:00:00Z'],
    ['an offset past 15:59', '2026-11-24T18:00:00+16:00'],
    ['an offset PostgreSQL refuses, however written', '2026-11-24T18:00:00-2359'],
    ['offset minutes past 59', '2026-11-24T18:00:00+01:60'],
    ['a leap second, which Date cannot parse', '2026-12-31T23:59:60Z'],
    ['30 February', '2026-02-30T12:00:00Z'],
    ['29 February of a year that is not leap', '2100-02-29T12:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['hour 24', '2026-11-24T24:00:00Z'],
    ['an instant before year 1 in UTC', '0001-01-01T00:00:00+00:01'],
    ['a time past 9999 in UTC', '9999-12-31T23:59:59.999Z'],
    ['an expanded year', '+010000-01-01T00:00:00.000Z'],
    ['a negative year', '-000001-01-01T00:00:00.000Z'],
    ['more than nanoseconds', '2026-11-24T18:00:00.1234567890Z'],
    ['no zone', '2026-11-24T18:00:00'],
    ['a date alone', '2026-11-24'],
    ['an hour-only offset, which Date cannot parse', '2026-11-24T18:00:00+01'],
  ])('refuses %s', (_why, value) => {
    expect(isDateTime(value)).toBe(false);
  });

  it('takes every time it prints itself: stored times round-trip through cursors', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => isDateTime(date.toISOString()),
      ),
    );
  });
});
