import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import type { TextSpan } from '../spans.js';

/**
 * Phone numbers: runs of digit groups that libphonenumber-js (its small `min` metadata, for
 * the browser) finds possible for Canada/the US, the UK or Germany, or in international form.
 * "Possible", not "valid": a number a reader can dial is personal data even when its range
 * is unassigned (555-0100 … 0199 are fictional and still read as a number).
 * Dates, times and year-serial references are not numbers to call.
 */

// CA shares +1 and its rules with the US.
const COUNTRIES: readonly CountryCode[] = ['US', 'GB', 'DE'];
const SEPARATOR = String.raw`(?:\s?[./-]\s?|\s)`;
const RUN = new RegExp(
  String.raw`(?<![\p{L}\p{N}_+]|\d[.,:])(?:\+\s?\d{1,3}${SEPARATOR}?)?(?:\(\d{1,5}\)\s?)?\d{1,15}` +
    String.raw`(?:${SEPARATOR}(?:\(\d{1,5}\)\s?)?\d{1,15})*(?![\p{L}\p{N}_]|[.,:]\d)`,
  'gu',
);
// E.164: at most 15 digits; fewer than 7 are counts, years, times and short codes.
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;
const DATE = /(?<!\d)(?:\d{1,2}([./-])\d{1,2}\1\d{2,4}|\d{4}([./-])\d{1,2}\2\d{1,2})(?!\d)/u;
const YEAR_AND_SERIAL = /^(?:19|20)\d\d\s?[./-]\s?\d/u;
const DECIMAL = /^\d+[.,]\d+$/u;
// "1500000 people", "2000000 Euro": an amount, not a number to call.
const COUNTED_AFTER =
  /^\s*(?:people|persons|residents|inhabitants|cars|vehicles|dollars|euros?|pounds|km|metres|meters|times|Personen|Leute|Einwohner|Menschen|Autos|Fahrzeuge|Euro|Dollar|Mal)(?![\p{L}])/iu;

export function findPhoneNumbers(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const run of text.matchAll(RUN)) {
    const candidate = run[0].trim();
    const digits = candidate.replace(/\D/gu, '').length;
    if (digits < MIN_DIGITS || digits > MAX_DIGITS) continue;
    if (DATE.test(candidate) || YEAR_AND_SERIAL.test(candidate) || DECIMAL.test(candidate)) {
      continue;
    }
    const end = run.index + run[0].length;
    if (COUNTED_AFTER.test(text.slice(end, end + 16))) continue;
    if (isPossibleNumber(candidate)) {
      spans.push({ start: run.index, end });
    }
  }
  return spans;
}

function isPossibleNumber(candidate: string): boolean {
  return COUNTRIES.some((country) => {
    const number = parsePhoneNumberFromString(candidate, country);
    return number !== undefined && number.isPossible();
  });
}
