import { describe, expect, it } from 'vitest';
import {
  describeQuietHours,
  formatClock,
  knownTimeZone,
  quietHoursProblem,
  quietHoursShape,
} from '../../client/src/state/alert-quiet-hours.js';
import { translate } from '../../client/src/i18n/translate.js';

/** How the alerts page shows and checks quiet hours (client/src/state/alert-quiet-hours.ts). */
describe('quiet hours on the alerts page', () => {
  it('tells overnight, same-day and all-day hours apart', () => {
    expect(quietHoursShape({ start: '22:00', end: '07:00' })).toBe('overnight');
    expect(quietHoursShape({ start: '09:00', end: '17:30' })).toBe('same_day');
    expect(quietHoursShape({ start: '08:00', end: '08:00' })).toBe('all_day');
  });

  it('writes them in the page’s language with the zone', () => {
    const quiet = { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' };
    const en = describeQuietHours('en-GB', quiet);
    expect(translate('en', en.key, en.params)).toBe(
      '22:00 to 07:00 the next morning (Europe/Berlin)',
    );
    const de = describeQuietHours('de', quiet);
    expect(translate('de', de.key, de.params)).toBe(
      '22:00 bis 07:00 am nächsten Morgen (Europe/Berlin)',
    );
    const sameDay = describeQuietHours('en-GB', { ...quiet, start: '13:00', end: '14:15' });
    expect(translate('en', sameDay.key, sameDay.params)).toBe('13:00 to 14:15 (Europe/Berlin)');
    expect(describeQuietHours('en', null)).toEqual({ key: 'alerts.quiet.none', params: {} });
  });

  it('formats a clock time by locale, independently of the machine’s zone', () => {
    expect(formatClock('en-US', '22:05')).toMatch(/^10:05\s?PM$/);
    expect(formatClock('de', '07:00')).toBe('07:00');
  });

  it('refuses unknown zones, malformed times and equal start and end', () => {
    expect(knownTimeZone('Europe/Berlin')).toBe(true);
    expect(knownTimeZone('Mars/Olympus')).toBe(false);
    expect(knownTimeZone('')).toBe(false);
    const ok = { start: '22:00', end: '06:30', timeZone: 'America/Vancouver' };
    expect(quietHoursProblem(ok)).toBeNull();
    expect(quietHoursProblem({ ...ok, start: '24:00' })).toBe('clock');
    expect(quietHoursProblem({ ...ok, end: '7:00' })).toBe('clock');
    expect(quietHoursProblem({ ...ok, timeZone: 'Nowhere/Land' })).toBe('zone');
    expect(quietHoursProblem({ ...ok, end: '22:00' })).toBe('same');
  });
});
