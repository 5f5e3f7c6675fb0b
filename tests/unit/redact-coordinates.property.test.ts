import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTION_TOKENS, redactText } from '../../server/privacy/redact-text.js';

// The demo's bounding box (server/cli/simulate.ts): minLon, minLat, maxLon, maxLat.
const DEMO_BBOX = [-123.225, 49.199, -123.023, 49.317] as const;

const FULL_WIDTH_ZERO = 0xff10;
const ARABIC_INDIC_ZERO = 0x0660;

function degreesMinutesSeconds(value: number, positive: string, negative: string): string {
  const absolute = Math.abs(value);
  const degrees = Math.floor(absolute);
  const minutes = Math.floor((absolute - degrees) * 60);
  const seconds = ((absolute - degrees) * 60 - minutes) * 60;
  return `${degrees}°${minutes}'${seconds.toFixed(1)}"${value < 0 ? negative : positive}`;
}

function degreesDecimalMinutes(value: number, positive: string, negative: string): string {
  const absolute = Math.abs(value);
  const degrees = Math.floor(absolute);
  const minutes = (absolute - degrees) * 60;
  return `${degrees}° ${minutes.toFixed(3)}' ${value < 0 ? negative : positive}`;
}

function dmsParts(value: number): [number, number, number] {
  const absolute = Math.abs(value);
  const degrees = Math.floor(absolute);
  const minutes = Math.floor((absolute - degrees) * 60);
  return [degrees, minutes, ((absolute - degrees) * 60 - minutes) * 60];
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** "49d16m57.7sN": degrees, minutes and seconds marked by letters, as some GPS apps print. */
function lettersDms(value: number, positive: string, negative: string): string {
  const [degrees, minutes, seconds] = dmsParts(value);
  return `${degrees}d${minutes}m${seconds.toFixed(1)}s${value < 0 ? negative : positive}`;
}

/** "49:16:57.7N": degrees, minutes and seconds separated by colons. */
function colonDms(value: number, positive: string, negative: string): string {
  const [degrees, minutes, seconds] = dmsParts(value);
  return `${degrees}:${pad(minutes, 2)}:${seconds.toFixed(1).padStart(4, '0')}${value < 0 ? negative : positive}`;
}

/** "4916.962N": NMEA and APRS, degrees and minutes run together (ddmm.mmm, dddmm.mmm). */
function nmea(value: number, degreeDigits: number, positive: string, negative: string): string {
  const absolute = Math.abs(value);
  const degrees = Math.floor(absolute);
  const minutes = ((absolute - degrees) * 60).toFixed(3).padStart(6, '0');
  return `${pad(degrees, degreeDigits)}${minutes}${value < 0 ? negative : positive}`;
}

/** "491657N": aviation's compact degrees, minutes and seconds (ddmmss, dddmmss). */
function compactDms(value: number, degreeDigits: number, positive: string, negative: string) {
  const [degrees, minutes, seconds] = dmsParts(value);
  const wholeSeconds = Math.min(59, Math.round(seconds));
  return `${pad(degrees, degreeDigits)}${pad(minutes, 2)}${pad(wholeSeconds, 2)}${value < 0 ? negative : positive}`;
}

/** "N49 16.962": degrees and decimal minutes with no degree sign (geocaching style). */
function spacedDecimalMinutes(value: number, positive: string, negative: string): string {
  const absolute = Math.abs(value);
  const degrees = Math.floor(absolute);
  const minutes = ((absolute - degrees) * 60).toFixed(3).padStart(6, '0');
  return `${value < 0 ? negative : positive}${degrees} ${minutes}`;
}

function withDigits(text: string, zero: number): string {
  return text.replace(/\d/gu, (digit) => String.fromCodePoint(zero + Number(digit)));
}

type Notation = (lat: number, lon: number, places: number) => string;

const NOTATIONS: Readonly<Record<string, Notation>> = {
  'comma pair': (lat, lon, p) => `${lat.toFixed(p)}, ${lon.toFixed(p)}`,
  'space pair': (lat, lon, p) => `${lat.toFixed(p)} ${lon.toFixed(p)}`,
  'tight pair': (lat, lon, p) => `${lat.toFixed(p)},${lon.toFixed(p)}`,
  'slash pair': (lat, lon, p) => `${lat.toFixed(p)}/${lon.toFixed(p)}`,
  'lon first': (lat, lon, p) => `[${lon.toFixed(p)}, ${lat.toFixed(p)}]`,
  'German decimal comma': (lat, lon, p) =>
    `${lat.toFixed(p).replace('.', ',')}; ${lon.toFixed(p).replace('.', ',')}`,
  hemispheres: (lat, lon, p) => `${lat.toFixed(p)}N ${Math.abs(lon).toFixed(p)}W`,
  'hemispheres first': (lat, lon, p) => `N ${lat.toFixed(p)} W ${Math.abs(lon).toFixed(p)}`,
  'degree signs': (lat, lon, p) => `${lat.toFixed(p)}° N, ${Math.abs(lon).toFixed(p)}° W`,
  DMS: (lat, lon) =>
    `${degreesMinutesSeconds(lat, 'N', 'S')} ${degreesMinutesSeconds(lon, 'E', 'W')}`,
  'degrees, decimal minutes': (lat, lon) =>
    `${degreesDecimalMinutes(lat, 'N', 'S')}, ${degreesDecimalMinutes(lon, 'E', 'W')}`,
  labelled: (lat, lon, p) => `lat: ${lat.toFixed(p)} lng: ${lon.toFixed(p)}`,
  'map link': (lat, lon, p) => `https://maps.google.com/?q=${lat.toFixed(p)},${lon.toFixed(p)}`,
  'full-width digits': (lat, lon, p) =>
    withDigits(`${lat.toFixed(p)}, ${lon.toFixed(p)}`, FULL_WIDTH_ZERO),
  'Arabic-Indic digits': (lat, lon, p) =>
    withDigits(`${lat.toFixed(p)}, ${lon.toFixed(p)}`, ARABIC_INDIC_ZERO),
  'en dash minus': (lat, lon, p) => `${lat.toFixed(p)}, –${Math.abs(lon).toFixed(p)}`,
  'DMS with letter marks': (lat, lon) =>
    `${lettersDms(lat, 'N', 'S')} ${lettersDms(lon, 'E', 'W')}`,
  'DMS with colons': (lat, lon) => `${colonDms(lat, 'N', 'S')} ${colonDms(lon, 'E', 'W')}`,
  'NMEA minutes': (lat, lon) => `${nmea(lat, 2, 'N', 'S')} ${nmea(lon, 3, 'E', 'W')}`,
  'NMEA fields': (lat, lon) => `${nmea(lat, 2, ',N', ',S')},${nmea(lon, 3, ',E', ',W')}`,
  'APRS position': (lat, lon) => `${nmea(lat, 2, 'N', 'S')}/${nmea(lon, 3, 'E', 'W')}`,
  'compact DMS': (lat, lon) => `${compactDms(lat, 2, 'N', 'S')} ${compactDms(lon, 3, 'E', 'W')}`,
  'decimal minutes without degree signs': (lat, lon) =>
    `${spacedDecimalMinutes(lat, 'N', 'S')} ${spacedDecimalMinutes(lon, 'E', 'W')}`,
};

const SENTENCES = [
  ['Caller reports a fight at', 'near the bus stop.'],
  ['Stolen bike tracked to', 'around 02:15, 2 suspects.'],
  ['Standort laut Handy:', '- Täter noch vor Ort, 3 Personen.'],
  ['Vehicle found at', 'on 2026-11-24 at 18:30.'],
  ['', ''],
] as const;

/** The digits a reader could find in the output, in ASCII. */
function asciiDigits(text: string): string {
  return text.normalize('NFKC').replace(/\p{Nd}/gu, (digit) => {
    const codePoint = digit.codePointAt(0) ?? 0;
    let zero = codePoint;
    while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero -= 1;
    return String(codePoint - zero);
  });
}

describe('coordinates typed into text', () => {
  it.each(Object.entries(NOTATIONS))(
    'are always removed when written as %s inside the demo bbox',
    (_name, notation) => {
      fc.assert(
        fc.property(
          fc.double({ min: DEMO_BBOX[1], max: DEMO_BBOX[3], noNaN: true }),
          fc.double({ min: DEMO_BBOX[0], max: DEMO_BBOX[2], noNaN: true }),
          fc.integer({ min: 2, max: 6 }),
          fc.constantFrom(...SENTENCES),
          (lat, lon, places, [before, after]) => {
            const written = notation(lat, lon, places);
            const output = redactText(`${before} ${written} ${after}`.trim());
            expect(output).toContain(REDACTION_TOKENS.coordinates);
            // Neither the degrees with their first decimals nor the decimals survive.
            const visible = asciiDigits(output);
            expect(visible).not.toContain(lat.toFixed(2));
            expect(visible).not.toContain(Math.abs(lon).toFixed(2));
            expect(visible).not.toMatch(/\b49\b|\b123\b/u);
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it('leaves the clean sentences around them unchanged', () => {
    for (const [before, after] of SENTENCES) {
      const clean = `${before} the station ${after}`;
      expect(redactText(clean)).toBe(clean);
    }
  });
});
