import { describe, expect, it } from 'vitest';
import { dataBounds } from '../../client/src/map/first-view.js';
import { containsPoint } from '../../shared/geo/bbox.js';
import { viewportBbox } from '../../client/src/map/viewport.js';
import { negotiateLocale } from '../../client/src/i18n/locales.js';
import { de } from '../../client/src/i18n/messages/de.js';
import { en } from '../../client/src/i18n/messages/en.js';
import { formatRelative, translateCount } from '../../client/src/i18n/translate.js';
import { categoryLabel } from '../../client/src/i18n/category-labels.js';
import { CATEGORY_SLUGS } from '../../shared/categories.js';

describe('first view', () => {
  it('frames most of the data and ignores a stray outlier', () => {
    const points: [number, number][] = Array.from({ length: 99 }, (_, i) => [
      -123.2 + (i % 10) * 0.01,
      49.2 + Math.floor(i / 10) * 0.01,
    ]);
    points.push([0, 0]); // a bad geocode
    const bounds = dataBounds(points);
    expect(bounds).not.toBeNull();
    const [[west, south], [east, north]] = bounds ?? [
      [0, 0],
      [0, 0],
    ];
    expect(west).toBeCloseTo(-123.2, 5);
    expect(east).toBeCloseTo(-123.11, 5);
    expect(south).toBeCloseTo(49.2, 5);
    expect(north).toBeCloseTo(49.29, 5);
  });

  it('opens a small box around a single place, and nothing without data', () => {
    const [[west, south], [east, north]] = dataBounds([[2.35, 48.85]]) ?? [
      [0, 0],
      [0, 0],
    ];
    expect([west, south, east, north].map((v) => Number(v.toFixed(6)))).toEqual([
      2.34, 48.84, 2.36, 48.86,
    ]);
    expect(dataBounds([])).toBeNull();
  });
});

describe('viewport', () => {
  it('clamps a world-wrapped view to a valid bbox', () => {
    expect(viewportBbox(-250, -95, 250, 95)).toEqual([-180, -90, 180, 90]);
    const bbox = viewportBbox(-123.1234567, 49.1, -123.0, 49.2);
    expect(bbox).toEqual([-123.123457, 49.1, -123, 49.2]);
    expect(containsPoint(bbox, -123.05, 49.15)).toBe(true);
    expect(containsPoint(bbox, -122.9, 49.15)).toBe(false);
  });
});

describe('languages', () => {
  it('picks the first supported language by primary subtag', () => {
    expect(negotiateLocale(['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(negotiateLocale(['EN-gb'])).toBe('en');
    expect(negotiateLocale(['fr'])).toBe('en');
    expect(negotiateLocale([])).toBe('en');
  });

  it('has the same placeholders in every German message as in the English one', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(de[key]), key).toEqual(placeholders(en[key]));
      expect(de[key].length, key).toBeGreaterThan(0);
    }
  });

  it('formats numbers in placeholders by locale', () => {
    expect(translateCount('en', 'live.received', 12345)).toBe(
      '12,345 updates since the page opened',
    );
    expect(translateCount('de', 'live.received', 12345)).toBe(
      '12.345 Aktualisierungen seit dem Öffnen der Seite',
    );
  });

  it('picks the plural form by locale', () => {
    expect(translateCount('en', 'live.received', 1)).toBe('1 update since the page opened');
    expect(translateCount('de', 'live.received', 1)).toBe(
      '1 Aktualisierung seit dem Öffnen der Seite',
    );
    expect(translateCount('en', 'live.received', 0)).toBe('0 updates since the page opened');
  });

  it('says "now" for a time a moment ahead of the clock', () => {
    expect(formatRelative('en', 4_000, 0)).toBe('now');
    expect(formatRelative('en', 0, 120_000)).toBe('2 minutes ago');
    expect(formatRelative('de', 0, 7_200_000)).toBe('vor 2 Stunden');
  });

  it('names every category in both languages', () => {
    for (const slug of CATEGORY_SLUGS) {
      expect(categoryLabel('en', slug)).not.toBe(slug);
      expect(categoryLabel('de', slug)).not.toBe(slug);
    }
  });
});
