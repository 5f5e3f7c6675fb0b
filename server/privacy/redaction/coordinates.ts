import { anyCaseWords } from './any-case.js';
import { COUNTED_WORDS } from './counted-words.js';
import type { RedactionSpan } from './spans.js';

/**
 * Coordinates typed into text, in the notations people copy from maps and GPS apps:
 * decimal pairs ("49.2827, -123.1207", "49,2827; -123,1207", "49.283 and -123.121"; grid
 * references and place codes are in grid-references.ts), decimals with hemisphere
 * letters ("49.28N 123.12W", "N 49.2827° W 123.1207°"), degrees-minutes-seconds
 * (49°16'57.7"N), degrees and decimal minutes (49° 16.96' N), spaced DMS with a hemisphere
 * ("49 16 57.7 N"), letter marks ("49d16m57.7sN"), colons ("49:16:57.7N"), decimal minutes
 * without a degree sign ("N49 16.962"), degrees and minutes run together as NMEA and APRS print
 * them ("4916.962N") or as aviation's compact form ("491657N"), and labelled values
 * ("lat: 49.28", "Breite 49,28"). They are the one thing the public map exists to hide, so
 * the rules lean towards removing too much.
 *
 * "Weak" values (a plain decimal with two or more places, a decimal with a hemisphere letter)
 * are coordinates only next to another coordinate value, so "1.5 million" and "22.00 and
 * 23.30" stay; "strong" ones always are.
 */

const DEGREE = `(?:°|${anyCaseWords(['degrees', 'degree', 'deg.', 'deg', 'grad'])})`;
const MINUTE_MARK = `(?:'|${anyCaseWords(['minutes', 'minute', 'min.', 'min', 'm'])}(?![a-z]))`;
const SECOND_MARK = `(?:"|''|${anyCaseWords(['seconds', 'second', 'sec.', 'sec', 's'])}(?![a-z]))`;
const HEMISPHERE_WORD = anyCaseWords([
  'north',
  'south',
  'east',
  'west',
  'nord',
  'süd',
  'sued',
  'ost',
]);
// A hemisphere letter stands alone, or touches its number: "N49.28", "49.28N".
const HEMISPHERE = `(?<![\\p{L}])(?:[NSEWO]|${HEMISPHERE_WORD})(?![\\p{L}])`;
const HEMISPHERE_ANY_CASE = `(?<![\\p{L}])(?:[NSEWOnsewo]|${HEMISPHERE_WORD})(?![\\p{L}])`;
// A hemisphere letter right after a letter mark: the "N" of "57.7sN".
const TOUCHING_HEMISPHERE = `(?:[NSEWOnsewo]|${HEMISPHERE_WORD})(?![\\p{L}])`;
// Not inside a word, an amount, a dotted number or a time; a sign may follow a comma.
const NUMBER_START = String.raw`(?<![\p{L}\p{N}\p{Sc}_.]|\d[.,:](?=\d))`;
// Not before more digits or a dotted continuation; a comma may follow ("…,-123.10,17z").
const NUMBER_END = String.raw`(?![\p{N}]|\.\d)`;
// After a hemisphere letter that the previous value took as its own: "N49°16.9 W123°07.2".
const AFTER_HEMISPHERE = String.raw`(?<=(?<!\p{L})[NSEWOnsewo]\s?)`;
const SIGNED = String.raw`[-+]?`;
const DECIMAL = String.raw`\d{1,3}[.,]\d+`;

const LABEL = anyCaseWords(
  ['latitude', 'longitude', 'lat', 'lon', 'lng', 'long', 'breitengrad', 'breite'].concat([
    'längengrad',
    'länge',
    'laenge',
  ]),
);

function pattern(source: string): RegExp {
  return new RegExp(source, 'gu');
}

const STRONG = [
  // Degrees followed by minutes (and maybe seconds), with or without a hemisphere.
  pattern(
    `(?:${HEMISPHERE}\\s*|${NUMBER_START}|${AFTER_HEMISPHERE})${SIGNED}\\d{1,3}(?:[.,]\\d+)?\\s*${DEGREE}\\s*` +
      `\\d{1,2}(?:[.,]\\d+)?\\s*${MINUTE_MARK}?(?:\\s*\\d{1,2}(?:[.,]\\d+)?\\s*${SECOND_MARK}?)?` +
      `(?:\\s*${HEMISPHERE_ANY_CASE})?`,
  ),
  // Degrees and a hemisphere: "49.2827° N", "N 49°", "49°N".
  pattern(`${HEMISPHERE}\\s*${SIGNED}\\d{1,3}(?:[.,]\\d+)?\\s*${DEGREE}`),
  pattern(`${NUMBER_START}${SIGNED}\\d{1,3}(?:[.,]\\d+)?\\s*${DEGREE}\\s*${HEMISPHERE_ANY_CASE}`),
  // Decimal degrees with two or more places and an upper-case hemisphere or a degree sign.
  pattern(`${HEMISPHERE}\\s?${SIGNED}\\d{1,3}[.,]\\d{2,}${NUMBER_END}`),
  pattern(`${NUMBER_START}${SIGNED}\\d{1,3}[.,]\\d{2,}\\s?(?:${DEGREE}\\s*)?${HEMISPHERE}`),
  pattern(`${NUMBER_START}${SIGNED}\\d{1,3}[.,]\\d{2,}\\s?${DEGREE}`),
  // Spaced degrees, minutes and seconds with a hemisphere: "49 16 57.7 N".
  pattern(
    `${NUMBER_START}\\d{1,3}\\s+\\d{1,2}\\s+\\d{1,2}(?:[.,]\\d+)?\\s*${SECOND_MARK}?\\s*${HEMISPHERE}`,
  ),
  // Labelled values: "lat 49.28", "lng: -123.12", "Breite = 49,28".
  pattern(`(?<![\\p{L}])${LABEL}\\.?\\s*[:=]?\\s*${SIGNED}${DECIMAL}${NUMBER_END}`),
  // Four or more decimal places (about 10 m) is a coordinate whatever stands next to it.
  pattern(`${NUMBER_START}${SIGNED}\\d{1,3}[.,]\\d{4,}${NUMBER_END}`),
  // Degrees, minutes and seconds marked by letters, as some GPS apps print them: "49d16m57.7sN";
  // seconds or a hemisphere tell them from sizes ("2d 3m long").
  pattern(
    `${NUMBER_START}${SIGNED}\\d{1,3}\\s?[dD]\\s?\\d{1,2}(?:[.,]\\d+)?\\s?(?:[mM]|')` +
      `(?:\\s?\\d{1,2}(?:[.,]\\d+)?\\s?(?:[sS]|"|'')(?:\\s?${TOUCHING_HEMISPHERE})?|\\s?${TOUCHING_HEMISPHERE})`,
  ),
  // Degrees, minutes and seconds (or decimal minutes) between colons, with a hemisphere:
  // "49:16:57.7N", "N 49:16.962"; a clock time ("22:15 N Main St") has neither.
  pattern(
    `${NUMBER_START}${SIGNED}\\d{1,3}:\\d{1,2}(?::\\d{1,2}(?:[.,]\\d+)?|[.,]\\d+)\\s?${HEMISPHERE}`,
  ),
  pattern(`${HEMISPHERE}\\s?${SIGNED}\\d{1,3}:\\d{1,2}(?::\\d{1,2}(?:[.,]\\d+)?|[.,]\\d+)`),
  // Degrees and minutes (or minutes and seconds) after a hemisphere without a degree sign,
  // as geocaching and radio write them: "N49 16.962", "N 49 16 57.7".
  pattern(
    `${HEMISPHERE}\\s?${SIGNED}\\d{1,3}\\s+[0-5]?\\d(?:[.,]\\d+|\\s+[0-5]?\\d(?:[.,]\\d+)?)${NUMBER_END}`,
  ),
  pattern(`${NUMBER_START}\\d{1,3}\\s+[0-5]?\\d[.,]\\d+\\s?${HEMISPHERE}`),
];

// Degrees and minutes run together (NMEA and APRS: "4916.962N", "12307.242,W") and aviation's
// compact degrees, minutes and seconds ("491657N", "1230714W"). Their numbers are far above
// 180, so they are checked by their degrees alone.
const RUN_TOGETHER_END = String.raw`\s?,?\s?[NSEW](?![\p{L}])`;
const RUN_TOGETHER = [
  pattern(`(?<![\\p{L}\\p{N}.]|\\d[\\s-])(?<degrees>\\d{2,3})[0-5]\\d[.,]\\d+${RUN_TOGETHER_END}`),
  pattern(
    `(?<![\\p{L}\\p{N}.]|\\d[\\s-])(?<degrees>\\d{2,3})[0-5]\\d[0-5]\\d(?:[.,]\\d+)?${RUN_TOGETHER_END}`,
  ),
];

const WEAK = [
  pattern(`${NUMBER_START}${SIGNED}\\d{1,3}[.,]\\d{2,}${NUMBER_END}`),
  pattern(`${NUMBER_START}${SIGNED}\\d{1,3}[.,]\\d+\\s?${HEMISPHERE_ANY_CASE}`),
  pattern(`${HEMISPHERE_ANY_CASE}\\s?${SIGNED}\\d{1,3}[.,]\\d+${NUMBER_END}`),
];

// What may stand between the two halves of a pair: "49.28, -123.12", "49.28 / -123.12".
const PAIR_SEPARATOR = /^(?:\s*[,;/|،]\s*|\s+)$/u;
// "22.00, 23.30": two clock times, not a place.
const CLOCK_TIME = /^(?:[01]?\d|2[0-4])[.,][0-5]\d$/u;
// "1.75, 1.82 m" or "23.30, 1.75": measurements and times. Each half of a place has a
// sign, a value of 10° or more, or three or more decimal places (about 100 m).
const PLACE_LIKE = /^(?:[-+]\d{1,3}[.,]\d+|\+?(?:\d{2,3}[.,]\d+|\d[.,]\d{3,}))$/u;
const NUMERIC_VALUE = /[-+]?\d+(?:[.,]\d+)?/u;
// Three decimal places are about 100 m, finer than the public cell, so two such values make
// a place whatever joins them ("49.283 and -123.121", "49,283 und -123,121"): a few words or
// signs, no digits, no end of a sentence.
const FINE_VALUE = /^[-+]?\d{1,3}[.,]\d{3,}$/u;
const WORDS_BETWEEN = /^(?=[^\d.!?\n]{1,30}$)\s*(?:\S+\s+){0,3}?\S*\s*$/u;
// "1.250 und 2.500 Euro": German thousands, and counted things, are not places. A value
// ending in 0 after three places is at best 1 km precise anyway.
const THOUSANDS = /^\d{1,3}[.,]\d\d0$/u;
const COUNTED_AFTER = new RegExp(
  `^\\s*(?:${anyCaseWords(COUNTED_WORDS)}(?!\\p{L})|[\\p{Sc}%])`,
  'u',
);
const AMOUNT_BEFORE = /(?:\p{Sc}|EUR|USD|CAD|GBP)\s*$/u;

export function findCoordinates(text: string, token: string): RedactionSpan[] {
  const strong = STRONG.flatMap((regex) => matches(text, regex)).filter(inRange(text));
  const weak = WEAK.flatMap((regex) => matches(text, regex)).filter(inRange(text));
  const runTogether = RUN_TOGETHER.flatMap((regex) => degreeMatches(text, regex));
  const all = [...[...strong, ...runTogether].map((span) => ({ ...span, strong: true })), ...weak];
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = all.filter(
    (span) => 'strong' in span || all.some((other) => pairs(text, span, other)),
  );
  return joinAdjacent(
    text,
    kept.map(({ start, end }) => ({ start, end, token })),
  );
}

function matches(text: string, regex: RegExp): { start: number; end: number }[] {
  return [...text.matchAll(regex)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

function degreeMatches(text: string, regex: RegExp): { start: number; end: number }[] {
  return [...text.matchAll(regex)]
    .filter((m) => Number(m.groups?.degrees) <= 180)
    .map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

function inRange(text: string) {
  return (span: { start: number; end: number }): boolean => {
    const value = NUMERIC_VALUE.exec(text.slice(span.start, span.end))?.[0] ?? '';
    return Math.abs(Number(value.replace(',', '.'))) <= 180;
  };
}

function pairs(
  text: string,
  span: { start: number; end: number },
  other: { start: number; end: number },
): boolean {
  if (other.start === span.start) return false;
  const [first, second] = other.start < span.start ? [other, span] : [span, other];
  if (first.end > second.start) return false;
  const values = [first, second].map((s) => text.slice(s.start, s.end).trim());
  const between = text.slice(first.end, second.start);
  if (!PAIR_SEPARATOR.test(between)) {
    return WORDS_BETWEEN.test(between) && fineValuesJoinedByWords(text, first, second, values);
  }
  if (values.every((value) => CLOCK_TIME.test(value))) return false;
  return values.every((value) => !/^[-+]?[\d.,]+$/u.test(value) || PLACE_LIKE.test(value));
}

function fineValuesJoinedByWords(
  text: string,
  first: { start: number; end: number },
  second: { end: number },
  values: readonly string[],
): boolean {
  if (!values.every((value) => FINE_VALUE.test(value))) return false;
  if (values.every((value) => THOUSANDS.test(value))) return false;
  return (
    !COUNTED_AFTER.test(text.slice(first.end)) &&
    !COUNTED_AFTER.test(text.slice(second.end)) &&
    !AMOUNT_BEFORE.test(text.slice(0, first.start))
  );
}

/** "49.28, -123.12" becomes one token rather than "[coordinates], [coordinates]". */
function joinAdjacent(text: string, spans: RedactionSpan[]): RedactionSpan[] {
  const joined: RedactionSpan[] = [];
  for (const span of spans) {
    const last = joined.at(-1);
    if (last !== undefined && span.start <= last.end) {
      joined[joined.length - 1] = { ...last, end: Math.max(last.end, span.end) };
    } else if (last !== undefined && PAIR_SEPARATOR.test(text.slice(last.end, span.start))) {
      joined[joined.length - 1] = { ...last, end: span.end };
    } else {
      joined.push(span);
    }
  }
  return joined;
}
