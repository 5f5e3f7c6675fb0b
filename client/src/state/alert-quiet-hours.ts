import type { QuietHours } from '../../../shared/schemas/alert.js';

/**
 * Quiet hours as the alerts page shows and edits them: local wall-clock times in an IANA zone
 * (the browser's by default); a start after the end runs past midnight, as the server reads it.
 */

/** The browser's time zone, or UTC when it does not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Whether the zone is one this browser knows (the server checks again). */
export function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isClockTime(value: string): boolean {
  return CLOCK.test(value);
}

/** Minutes after midnight of `HH:MM`. */
function minutes(value: string): number {
  const [hours = 0, mins = 0] = value.split(':').map(Number);
  return hours * 60 + mins;
}

export type QuietHoursShape = 'overnight' | 'same_day' | 'all_day';

/** Start after end runs overnight; equal times would be silence all day. */
export function quietHoursShape(quiet: Pick<QuietHours, 'start' | 'end'>): QuietHoursShape {
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  if (start === end) return 'all_day';
  return start > end ? 'overnight' : 'same_day';
}

/** A clock time in the page's language: 22:00, or 10:00 PM in American English. */
export function formatClock(locale: string, value: string): string {
  const [hours = 0, mins = 0] = value.split(':').map(Number);
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(Date.UTC(2000, 0, 1, hours, mins));
}

/** What the list says of an alert's quiet hours: a message key and its values. */
export function describeQuietHours(
  locale: string,
  quiet: QuietHours | null,
): {
  key:
    'alerts.quiet.none' | 'alerts.quiet.overnight' | 'alerts.quiet.sameDay' | 'alerts.quiet.allDay';
  params: Record<string, string>;
} {
  if (quiet === null) return { key: 'alerts.quiet.none', params: {} };
  const params = {
    start: formatClock(locale, quiet.start),
    end: formatClock(locale, quiet.end),
    zone: quiet.timeZone,
  };
  switch (quietHoursShape(quiet)) {
    case 'overnight':
      return { key: 'alerts.quiet.overnight', params };
    case 'same_day':
      return { key: 'alerts.quiet.sameDay', params };
    case 'all_day':
      return { key: 'alerts.quiet.allDay', params };
  }
}

/** Why typed quiet hours cannot be saved, or null. */
export function quietHoursProblem(quiet: QuietHours): 'clock' | 'zone' | 'same' | null {
  if (!isClockTime(quiet.start) || !isClockTime(quiet.end)) return 'clock';
  if (!knownTimeZone(quiet.timeZone)) return 'zone';
  if (quiet.start === quiet.end) return 'same';
  return null;
}
