import {
  findPhoneNumbersInText,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js';
import type { RedactionSpan } from './spans.js';

/**
 * Phone numbers, national and international, as libphonenumber-js understands them for the
 * countries Openbeat has data for. Its own scan reads "07700 900123 3 times" or "2024
 * 07700 900123" as one over-long number and gives up, so each run of digit groups is also
 * split here and every stretch of groups is asked about, leftmost and longest first.
 */

const COUNTRIES: readonly CountryCode[] = ['US', 'CA', 'GB', 'DE'];
// German numbers have any length from 4 to 15 digits, so libphonenumber-js finds one in
// nearly every run that starts with 0 ("07700 900123 12"): where a run ends is asked of
// the other countries first.
const BY_PRECISION: readonly (readonly CountryCode[])[] = [['US', 'CA', 'GB'], ['DE']];
// Countries whose national numbers start with the trunk prefix 0: without it, "2026-12345"
// is a case number, not a number in Berlin.
const TRUNK_ZERO: ReadonlySet<CountryCode> = new Set(['GB', 'DE']);

// Digit groups joined by single spaces, dots, dashes or slashes ("030/1234567",
// "089 / 12 34 56"), maybe "+49" or "0049" first and "(0)", "(312)" or "(0 30)" within. Not inside a
// word, a decimal, a time or an amount, nor ending before more of one.
const GROUP_SEPARATOR = String.raw`(?:\s?[./-]\s?|\s)`;
const RUN = new RegExp(
  String.raw`(?<![\p{L}\p{N}\p{Sc}_+-]|\d[.,:])(?:\+\s?\d{1,3}${GROUP_SEPARATOR}?)?(?:\(\d{1,5}(?:\s\d{1,5})?\)\s?)?\d{1,15}` +
    String.raw`(?:${GROUP_SEPARATOR}(?:\(\d{1,5}(?:\s\d{1,5})?\)\s?)?\d{1,15})*(?![\p{L}\p{N}_-]|[.,:]\d)`,
  'gu',
);
const GROUP = /\+?\(?\d+\)?/gu;

// E.164 numbers have at most 15 digits; fewer than 7 are counts, years, times and short
// codes (https://www.itu.int/rec/T-REC-E.164). "+33 6 12 34 56 78" has the most groups.
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;
const MAX_GROUPS = 7;
// Shapes that are not phone numbers even when a country's rules would allow the length.
const DATE =
  /^(?:\d{1,2}\s?([./-])\s?\d{1,2}\s?\1\s?\d{2,4}|\d{4}\s?([./-])\s?\d{1,2}\s?\2\s?\d{1,2})$/u;
// A date inside a run of groups: no number may take a part of it ("on 12.03.2024 0171 …").
const DATE_IN_RUN =
  /(?<!\d)(?:\d{1,2}([./-])\d{1,2}\1\d{2,4}|\d{4}([./-])\d{1,2}\2\d{1,2})(?!\d)/gu;
const DECIMAL = /^\d+\.\d+$/u;
const YEAR_RANGE = /^(?:18|19|20)\d\d\s?[./-]\s?(?:18|19|20)\d\d$/u;
// "2026-004512", "1998/044": a year and a serial number are a reference. No national
// number of these countries starts with a four-digit group 19xx or 20xx.
const YEAR_AND_SERIAL = /^(?:19|20)\d\d\s?[./-]/u;
// "8.30 / 17.00": clock times, not groups of a number.
const CLOCK_TIME = /(?<![\d.])(?:[01]?\d|2[0-4])[.:][0-5]\d(?![\d])/u;

export function findPhoneNumbers(text: string, token: string): RedactionSpan[] {
  const spans: RedactionSpan[] = [];
  const runs = [...text.matchAll(RUN)].map((run) => ({
    start: run.index,
    end: run.index + run[0].length,
  }));
  for (const run of runs) {
    for (const [start, end] of phoneNumbersInRun(text.slice(run.start, run.end))) {
      spans.push({ start: run.start + start, end: run.start + end, token });
    }
  }
  // Only a number wholly outside the runs adds anything, so the (slow) scan is skipped when
  // too few digits are left outside them.
  let rest = text;
  for (const run of runs.toReversed()) rest = rest.slice(0, run.start) + rest.slice(run.end);
  if ((rest.match(/\d/gu) ?? []).length < MIN_DIGITS) return spans;
  const outsideRuns = libraryMatches(text, token).filter(
    (found) => !runs.some((run) => found.start < run.end && run.start < found.end),
  );
  return [...spans, ...outsideRuns];
}

/** libphonenumber-js's own scan, for what the runs above do not cover. */
function libraryMatches(text: string, token: string): RedactionSpan[] {
  return COUNTRIES.flatMap((defaultCountry) =>
    findPhoneNumbersInText(text, { defaultCountry })
      .filter((found) => isPhoneNumber(text.slice(found.startsAt, found.endsAt), defaultCountry))
      .map((found) => ({ start: found.startsAt, end: found.endsAt, token })),
  );
}

/** [start, end) of each phone number in a run of digit groups. */
function phoneNumbersInRun(run: string): [number, number][] {
  const groups = [...run.matchAll(GROUP)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
  const dates = [...run.matchAll(DATE_IN_RUN)].map((m) => [m.index, m.index + m[0].length]);
  const found: [number, number][] = [];
  let first = 0;
  while (first < groups.length) {
    const last = longestPhoneNumberFrom(run, groups, first, dates);
    const start = groups[first]?.start ?? 0;
    if (last === undefined) {
      first += 1;
      continue;
    }
    found.push([start, groups[last]?.end ?? start]);
    first = last + 1;
  }
  return found;
}

function longestPhoneNumberFrom(
  run: string,
  groups: readonly { start: number; end: number }[],
  first: number,
  dates: readonly number[][],
): number | undefined {
  const start = groups[first]?.start ?? 0;
  // A number starts where a word would: "2026-0001234" is one reference, not a year and a
  // number.
  if (start > 0 && !/\s/u.test(run.charAt(start - 1))) return undefined;
  for (const countries of BY_PRECISION) {
    for (let last = Math.min(groups.length, first + MAX_GROUPS) - 1; last >= first; last -= 1) {
      const end = groups[last]?.end ?? start;
      // A lone digit after a number is a count ("call 07700 900123 3 times"), unless the
      // number is written in pairs, as German numbers often are ("0 30 / 12 34 56 7").
      if (last > first && isCount(run, groups[last - 1], groups[last])) continue;
      if (dates.some(([from = 0, to = 0]) => start < to && from < end)) continue;
      const candidate = run.slice(start, end);
      if (countries.some((country) => isPhoneNumber(candidate, country))) return last;
    }
  }
  return undefined;
}

function isCount(
  run: string,
  previous: { start: number; end: number } | undefined,
  group: { start: number; end: number } | undefined,
): boolean {
  const digits = (span: { start: number; end: number } | undefined) =>
    span === undefined ? 0 : run.slice(span.start, span.end).replace(/\D/gu, '').length;
  return digits(group) < 2 && digits(previous) !== 2;
}

function isPhoneNumber(candidate: string, country: CountryCode): boolean {
  const digits = candidate.replace(/\D/gu, '');
  if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) return false;
  if (
    [DATE, DECIMAL, YEAR_RANGE, YEAR_AND_SERIAL, CLOCK_TIME].some((shape) => shape.test(candidate))
  ) {
    return false;
  }
  const international = /^(?:\+|00)/u.test(candidate);
  if (!international && TRUNK_ZERO.has(country) && !/^\(?0/u.test(candidate)) return false;
  if (!international && !TRUNK_ZERO.has(country) && !isNorthAmericanShape(candidate)) return false;
  return parsePhoneNumberFromString(candidate, country)?.isPossible() === true;
}

// How North American numbers are grouped: (604) 555-0198, 604 5550198, 6045550198, 555-0198,
// after an optional 1 (https://en.wikipedia.org/wiki/North_American_Numbering_Plan).
// "123456/2026" has the length of one and none of its shape.
const NORTH_AMERICAN_GROUPS = new Set(['3,3,4', '3,7', '10', '3,4', '7']);

function isNorthAmericanShape(candidate: string): boolean {
  const lengths = (candidate.match(/\d+/gu) ?? []).map((group) => group.length);
  if (lengths[0] === 1 && candidate.startsWith('1')) lengths.shift();
  return NORTH_AMERICAN_GROUPS.has(lengths.join(','));
}
