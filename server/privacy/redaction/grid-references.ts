import { anyCaseWords } from './any-case.js';
import { spansOf, type RedactionSpan } from './spans.js';

/**
 * Places written as grid references and place codes rather than latitude and longitude:
 * UTM ("10U 491234 5458123", "Zone 10 E 491234 N 5458123"), MGRS ("10UDV 9123 5812"), the
 * British National Grid ("TQ 3008 8028"), Open Location Codes ("84XR7VMH+GV", "7VMH+GV
 * Vancouver") and what3words addresses ("///filled.count.soap", which UK emergency services
 * ask callers for). Each names a square of 10 m or less, far finer than the public cell.
 */

const NOT_AFTER_WORD = String.raw`(?<![\p{L}\p{N}])`;
const NOT_BEFORE_WORD = String.raw`(?![\p{L}\p{N}])`;

// UTM zones 1-60 and latitude bands C-X without I and O,
// https://en.wikipedia.org/wiki/Universal_Transverse_Mercator_coordinate_system
const ZONE = String.raw`(?:60|[1-5]\d|0?[1-9])`;
const BAND = '[C-HJ-NP-Xc-hj-np-x]';
const UTM_LABEL = anyCaseWords(['utm zone', 'utm-zone', 'utm', 'zone']);
const ZONE_PREFIX =
  `(?:${NOT_AFTER_WORD}(?:${UTM_LABEL}\\s*[:=]?\\s*)?${ZONE}\\s?${BAND}` +
  `|(?<!\\p{L})${UTM_LABEL}\\s*[:=]?\\s*${ZONE}(?:\\s?${BAND})?)(?!\\p{L})`;
// Eastings have six digits; Germany's forms put the zone before them ("32691234") and
// Gauss-Krüger's Rechtswert has seven. Northings have up to seven.
const EASTING = String.raw`\d{6,8}(?:[.,]\d+)?`;
const NORTHING = String.raw`\d{6,8}(?:[.,]\d+)?`;
const EAST_LABEL = anyCaseWords(['easting', 'east', 'ost', 'rechtswert', 'rw', 'e', 'o', 'r', 'x']);
const NORTH_LABEL = anyCaseWords(['northing', 'north', 'nord', 'hochwert', 'hw', 'n', 'h', 'y']);
const LABEL_JOIN = String.raw`\.?\s*[:=]?\s*`;
const METRES_EAST = String.raw`\s?(?:m\s?)?[EeOo](?!\p{L})|\s?m(?!\p{L})`;
const METRES_NORTH = String.raw`\s?(?:m\s?)?[Nn](?!\p{L})|\s?m(?!\p{L})`;
const VALUE_GAP = String.raw`\s*[,;/]?\s*`;
const EAST = `(?:(?<!\\p{L})${EAST_LABEL}${LABEL_JOIN})?${EASTING}(?:${METRES_EAST})?`;
const NORTH = `(?:(?<!\\p{L})${NORTH_LABEL}${LABEL_JOIN})?${NORTHING}(?:${METRES_NORTH})?`;
const UTM_WITH_ZONE = `${ZONE_PREFIX}[\\s,;]+${EAST}${VALUE_GAP}${NORTH}(?!\\p{N})`;
// Without a zone, the values must say what they are: "E 491234 N 5458123", "491234mE 5458123mN".
const MARKED_EAST = `(?:(?<!\\p{L})${EAST_LABEL}${LABEL_JOIN}${EASTING}|${NOT_AFTER_WORD}${EASTING}\\s?m\\s?[EeOo](?!\\p{L}))`;
const MARKED_NORTH = `(?:(?<!\\p{L})${NORTH_LABEL}${LABEL_JOIN}${NORTHING}|${NOT_AFTER_WORD}${NORTHING}\\s?m\\s?[Nn](?!\\p{L}))`;
const UTM_MARKED = `${MARKED_EAST}${VALUE_GAP}${MARKED_NORTH}|${MARKED_NORTH}${VALUE_GAP}${MARKED_EAST}`;

// Easting and northing digits come in equal halves, together or apart: "9123 5812",
// "9123458123".
function equalHalves(minimum: number, maximum: number): string {
  const halves = [];
  for (let digits = maximum; digits >= minimum; digits -= 1) {
    halves.push(`\\d{${digits}}\\s?\\d{${digits}}`);
  }
  return `(?:${halves.join('|')})`;
}

// MGRS: zone, band, the 100 km square's column and row letters (no I or O), and 1-5 digit
// halves, https://en.wikipedia.org/wiki/Military_Grid_Reference_System
const SQUARE_LETTER = '[A-HJ-NP-Za-hj-np-z]';
const MGRS = `${NOT_AFTER_WORD}${ZONE}\\s?${BAND}\\s?${SQUARE_LETTER}{2}\\s?${equalHalves(2, 5)}${NOT_BEFORE_WORD}`;
// British National Grid: a 100 km square's two letters (the first H J N O S T) and 3-5
// digit halves, "TQ 3008 8028", https://en.wikipedia.org/wiki/Ordnance_Survey_National_Grid
const OS_GRID = `${NOT_AFTER_WORD}[HJNOSThjnost][A-HJ-Za-hj-z]\\s?${equalHalves(3, 5)}${NOT_BEFORE_WORD}`;

// Open Location Codes: 4, 6 or 8 characters of a 20-letter alphabet, "+" (or "%2B" in a
// link), then 2-3 more; the short forms ("7VMH+GV") need a nearby town, which a text gives.
// https://github.com/google/open-location-code/blob/main/Documentation/Specification/specification.md
const OLC_CHARACTER = '[23456789CFGHJMPQRVWXcfghjmpqrvwx]';
const OLC_PLUS = '(?:\\+|%2[Bb])';
const PLUS_CODE =
  `${NOT_AFTER_WORD}(?:(?:${OLC_CHARACTER}{8}|${OLC_CHARACTER}{6}|${OLC_CHARACTER}{4})${OLC_PLUS}${OLC_CHARACTER}{2,3}` +
  `|${OLC_CHARACTER}{2,6}0{2,6}${OLC_PLUS})${NOT_BEFORE_WORD}`;

// what3words: three words joined by dots, after "///" or a label ("w3w:", "what3words
// address", what3words.com/...). Without either, "filled.count.soap" cannot be told from
// a host name.
const W3W_WORD = String.raw`[\p{L}\p{M}]{1,30}`;
const W3W_DOT = '[.。]';
const W3W_WORDS = `${W3W_WORD}${W3W_DOT}${W3W_WORD}${W3W_DOT}${W3W_WORD}(?![\\p{L}\\p{M}\\p{N}]|${W3W_DOT}[\\p{L}\\p{N}])`;
const W3W_LABEL = `(?:${anyCaseWords(['what3words', 'what 3 words', 'what three words', 'w3w'])}(?:\\.(?:com|co|io))?)`;
const WHAT3WORDS =
  `///\\s?${W3W_WORDS}` +
  `|(?<!\\p{L})${W3W_LABEL}(?:/|\\s*(?:${anyCaseWords(['address', 'adresse'])})?\\s*[:=]?\\s*)(?:///)?${W3W_WORDS}`;

/** A cheap test: could the text hold a what3words address, which holds no digit? */
export const MAY_HOLD_WHAT3WORDS = new RegExp(`///|(?<!\\p{L})${W3W_LABEL}`, 'u');

const GRID_REFERENCES = [UTM_WITH_ZONE, UTM_MARKED, MGRS, OS_GRID, PLUS_CODE, WHAT3WORDS].map(
  (source) => new RegExp(source, 'gu'),
);

export function findGridReferences(text: string, token: string): RedactionSpan[] {
  return GRID_REFERENCES.flatMap((pattern) => spansOf(text, pattern, token));
}
