import { describe, expect, it } from 'vitest';
import { dueAfterQuietHours, isTimeZone } from '../../../server/alerts/quiet-hours.js';

const at = (iso: string) => new Date(iso);
const due = (now: string, start: string, end: string, timeZone: string) =>
  dueAfterQuietHours(at(now), { start, end, timeZone }).toISOString();

describe('quiet hours', () => {
  it('is due now without quiet hours, outside them, and when start equals end', () => {
    expect(dueAfterQuietHours(at('2026-07-01T12:00:00Z'), null).toISOString()).toBe(
      '2026-07-01T12:00:00.000Z',
    );
    expect(due('2026-07-01T12:00:00Z', '22:00', '07:00', 'Europe/Berlin')).toBe(
      '2026-07-01T12:00:00.000Z',
    );
    expect(due('2026-07-01T12:00:00Z', '08:00', '08:00', 'Europe/Berlin')).toBe(
      '2026-07-01T12:00:00.000Z',
    );
  });

  it('holds until the end, wrapping past midnight (before and after it)', () => {
    // 23:30 in Berlin (CEST, UTC+2): quiet until 07:00 the next day, 05:00 UTC.
    expect(due('2026-07-01T21:30:00Z', '22:00', '07:00', 'Europe/Berlin')).toBe(
      '2026-07-02T05:00:00.000Z',
    );
    // 03:00 in Berlin: the same morning's 07:00.
    expect(due('2026-07-02T01:00:00Z', '22:00', '07:00', 'Europe/Berlin')).toBe(
      '2026-07-02T05:00:00.000Z',
    );
    // 07:00 exactly is no longer quiet.
    expect(due('2026-07-02T05:00:00Z', '22:00', '07:00', 'Europe/Berlin')).toBe(
      '2026-07-02T05:00:00.000Z',
    );
  });

  it('holds within a window of one day (13:00–14:30)', () => {
    expect(due('2026-01-15T12:10:00Z', '13:00', '14:30', 'Europe/Berlin')).toBe(
      '2026-01-15T13:30:00.000Z',
    );
  });

  it('counts the local clock across the change of clocks (DST), both ways', () => {
    // Night of 28–29 March 2026 in Berlin: the clocks go from 02:00 CET to 03:00 CEST.
    // 23:00 CET (22:00 UTC) → 07:00 CEST = 05:00 UTC, not 06:00.
    expect(due('2026-03-28T22:00:00Z', '22:00', '07:00', 'Europe/Berlin')).toBe(
      '2026-03-29T05:00:00.000Z',
    );
    // Night of 24–25 October 2026: from 03:00 CEST back to 02:00 CET.
    // 23:00 CEST (21:00 UTC) → 07:00 CET = 06:00 UTC.
    expect(due('2026-10-24T21:00:00Z', '22:00', '07:00', 'Europe/Berlin')).toBe(
      '2026-10-25T06:00:00.000Z',
    );
    // New York, spring forward on 8 March 2026: 23:00 EST → 07:00 EDT = 11:00 UTC.
    expect(due('2026-03-08T04:00:00Z', '22:00', '07:00', 'America/New_York')).toBe(
      '2026-03-08T11:00:00.000Z',
    );
  });

  it('ends at the first moment after a quiet end that falls in the spring gap', () => {
    // 02:30 does not exist in Berlin on 29 March 2026; the hold ends at 03:30 CEST at the
    // latest (01:30 UTC), and never before the gap begins (01:00 UTC).
    const end = at(due('2026-03-28T22:00:00Z', '22:00', '02:30', 'Europe/Berlin')).getTime();
    expect(end).toBeGreaterThanOrEqual(at('2026-03-29T01:00:00Z').getTime());
    expect(end).toBeLessThanOrEqual(at('2026-03-29T01:30:00Z').getTime());
  });

  it('knows IANA zones, not made-up names or bare offsets', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('America/Chicago')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('+01:00')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
