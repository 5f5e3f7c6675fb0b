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
  // Three decimal places (about 100 m) make a pair whatever word joins it.
  'joined by "and"': (lat, lon, p) =>
    `${lat.toFixed(Math.max(p, 3))} and ${lon.toFixed(Math.max(p, 3))}`,
  'joined by "und", decimal commas': (lat, lon, p) =>
    `${lat.toFixed(Math.max(p, 3)).replace('.', ',')} und ${lon.toFixed(Math.max(p, 3)).replace('.', ',')}`,
  'lat and long labels': (lat, lon, p) => `lat ${lat.toFixed(p)} long ${lon.toFixed(p)}`,
  'geo URI': (lat, lon, p) => `geo:${lat.toFixed(p)},${lon.toFixed(p)}`,
  'map link with @': (lat, lon, p) =>
    `https://www.google.com/maps/@${lat.toFixed(p)},${lon.toFixed(p)},17z`,
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

// UTM by the Krüger series on WGS 84 (Snyder, "Map Projections: A Working Manual", USGS
// Professional Paper 1395, pp. 61-63): good to well under a metre, which is plenty here.
function utm(
  lat: number,
  lon: number,
): { zone: number; band: string; east: number; north: number } {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const e2 = f * (2 - f);
  const ep2 = e2 / (1 - e2);
  const k0 = 0.9996;
  const zone = Math.floor((lon + 180) / 6) + 1;
  const phi = (lat * Math.PI) / 180;
  const lambda = ((lon - ((zone - 1) * 6 - 180 + 3)) * Math.PI) / 180;
  const n = a / Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  const t = Math.tan(phi) ** 2;
  const c = ep2 * Math.cos(phi) ** 2;
  const big = Math.cos(phi) * lambda;
  const m =
    a *
    ((1 - e2 / 4 - (3 * e2 ** 2) / 64 - (5 * e2 ** 3) / 256) * phi -
      ((3 * e2) / 8 + (3 * e2 ** 2) / 32 + (45 * e2 ** 3) / 1024) * Math.sin(2 * phi) +
      ((15 * e2 ** 2) / 256 + (45 * e2 ** 3) / 1024) * Math.sin(4 * phi) -
      ((35 * e2 ** 3) / 3072) * Math.sin(6 * phi));
  const east =
    k0 *
      n *
      (big +
        ((1 - t + c) * big ** 3) / 6 +
        ((5 - 18 * t + t ** 2 + 72 * c - 58 * ep2) * big ** 5) / 120) +
    500000;
  const north =
    k0 *
    (m +
      n *
        Math.tan(phi) *
        (big ** 2 / 2 +
          ((5 - t + 9 * c + 4 * c ** 2) * big ** 4) / 24 +
          ((61 - 58 * t + t ** 2 + 600 * c - 330 * ep2) * big ** 6) / 720));
  const band = 'CDEFGHJKLMNPQRSTUVWXX'.charAt(Math.floor((lat + 80) / 8));
  return { zone, band, east: Math.floor(east), north: Math.floor(north) };
}

/** MGRS: the UTM zone and band, the 100 km square's letters, and `digits` per axis. */
function mgrs(lat: number, lon: number, digits: number, spaced: boolean): string {
  const { zone, band, east, north } = utm(lat, lon);
  const columns = ['ABCDEFGH', 'JKLMNPQR', 'STUVWXYZ'][(zone - 1) % 3] ?? '';
  const column = columns.charAt(Math.floor(east / 100000) - 1);
  const rows = 'ABCDEFGHJKLMNPQRSTUV';
  const row = rows.charAt((Math.floor(north / 100000) + (zone % 2 === 0 ? 5 : 0)) % 20);
  const within = (value: number) => pad(value % 100000, 5).slice(0, digits);
  return spaced
    ? `${zone}${band} ${column}${row} ${within(east)} ${within(north)}`
    : `${zone}${band}${column}${row}${within(east)}${within(north)}`;
}

// https://github.com/google/open-location-code/blob/main/Documentation/Specification/specification.md
function plusCode(lat: number, lon: number): string {
  const alphabet = '23456789CFGHJMPQRVWX';
  let latitude = lat + 90;
  let longitude = lon + 180;
  let code = '';
  for (let pair = 0; pair < 5; pair += 1) {
    const resolution = 20 / 20 ** pair;
    const latDigit = Math.floor(latitude / resolution);
    const lonDigit = Math.floor(longitude / resolution);
    latitude -= latDigit * resolution;
    longitude -= lonDigit * resolution;
    code += alphabet.charAt(latDigit) + alphabet.charAt(lonDigit);
    if (pair === 3) code += '+';
  }
  return code;
}

/** A grid reference or place code, and what the redacted text says in its place. */
type GridNotation = (lat: number, lon: number, digits: number) => [string, string];

const TOKEN = REDACTION_TOKENS.coordinates;
const GRID_NOTATIONS: Readonly<Record<string, GridNotation>> = {
  UTM: (lat, lon) => {
    const { zone, band, east, north } = utm(lat, lon);
    return [`${zone}${band} ${east} ${north}`, TOKEN];
  },
  'UTM with metre marks': (lat, lon) => {
    const { zone, band, east, north } = utm(lat, lon);
    return [`${zone}${band} ${east}mE ${north}mN`, TOKEN];
  },
  'UTM with labels': (lat, lon) => {
    const { zone, east, north } = utm(lat, lon);
    return [`Zone ${zone} E ${east} N ${north}`, TOKEN];
  },
  'MGRS spaced': (lat, lon, digits) => [mgrs(lat, lon, digits, true), TOKEN],
  'MGRS together': (lat, lon, digits) => [mgrs(lat, lon, digits, false), TOKEN],
  'Plus Code': (lat, lon) => [plusCode(lat, lon), TOKEN],
  'short Plus Code and town': (lat, lon) => [
    `${plusCode(lat, lon).slice(4)} Vancouver`,
    `${TOKEN} Vancouver`,
  ],
  'Plus Code link': (lat, lon) => [
    `https://plus.codes/${plusCode(lat, lon).replace('+', '%2B')}`,
    `https://plus.codes/${TOKEN}`,
  ],
};

const demoLatArb = fc.double({ min: DEMO_BBOX[1], max: DEMO_BBOX[3], noNaN: true });
const demoLonArb = fc.double({ min: DEMO_BBOX[0], max: DEMO_BBOX[2], noNaN: true });

describe('grid references and place codes typed into text', () => {
  it('are computed as their references say', () => {
    expect(plusCode(49.2827, -123.1207).slice(0, 8)).toBe('84XR7VMH');
    expect(mgrs(49.2827, -123.1207, 5, true).slice(0, 6)).toBe('10U DV');
  });

  it.each(Object.entries(GRID_NOTATIONS))(
    'are always removed when written as %s inside the demo bbox',
    (_name, notation) => {
      fc.assert(
        fc.property(
          demoLatArb,
          demoLonArb,
          fc.integer({ min: 2, max: 5 }),
          fc.constantFrom(...SENTENCES),
          (lat, lon, digits, [before, after]) => {
            const [written, redacted] = notation(lat, lon, digits);
            const output = redactText(`${before} ${written} ${after}`.trim());
            expect(output).toBe(`${before} ${redacted} ${after}`.trim());
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it('are always removed when written as what3words addresses', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{2,12}$/u), { minLength: 3, maxLength: 3 }),
        fc.constantFrom('///', 'w3w: ///', 'w3w: ', 'what3words ', 'https://what3words.com/'),
        fc.constantFrom(...SENTENCES),
        (words, prefix, [before, after]) => {
          const output = redactText(`${before} ${prefix}${words.join('.')} ${after}`.trim());
          expect(output).toContain(TOKEN);
          expect(output).not.toContain(words.join('.'));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('coordinates typed into text', () => {
  it.each(Object.entries(NOTATIONS))(
    'are always removed when written as %s inside the demo bbox',
    (_name, notation) => {
      fc.assert(
        fc.property(
          demoLatArb,
          demoLonArb,
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
