import { de } from './messages/de.js';
import { en, type MessageKey } from './messages/en.js';
import type { Locale } from './locales.js';

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

/** Message keys that come in `.one` and `.other` forms. */
export type CountedKey = {
  [K in MessageKey]: K extends `${infer Base}.one` ? Base : never;
}[MessageKey];

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, de };

/** The message in the locale, `{name}` placeholders filled (numbers formatted by locale). */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const numbers = new Intl.NumberFormat(locale);
  return CATALOGUES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numbers.format(value) : value;
  });
}

/** A count with its plural form: the catalogue has `<key>.one` and `<key>.other`. */
export function translateCount(
  locale: Locale,
  key: CountedKey,
  count: number,
  params: MessageParams = {},
): string {
  const form = new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other';
  return translate(locale, `${key}.${form}`, { ...params, count });
}

export function formatDateTime(locale: Locale, iso: string | number): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** "5 minutes ago" style, for the list. */
export function formatRelative(locale: Locale, thenMs: number, nowMs: number): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  // A moment ahead of our clock (the server's is a little fast) is "now", not "in 4 seconds".
  const seconds = Math.min(0, Math.round((thenMs - nowMs) / 1000));
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}
