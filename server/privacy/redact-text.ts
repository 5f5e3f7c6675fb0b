/**
 * Redacts personal data from free text before it is shown publicly (police incident
 * summaries now, citizen observations later), replacing it with bracketed tokens.
 *
 * Patterns find contact details and addresses, not people: names cannot be found reliably
 * by patterns ("Rose Street" vs "Rose said", "Baker" the street vs Baker the person), so
 * names are a gap that moderation covers. The patterns prefer redacting a little too much
 * (a seven-digit reference number reads as a phone number) to leaking.
 *
 * URLs stay as they are: digits in a path are not phone numbers. E-mail addresses are
 * redacted even inside URLs.
 */

export const REDACTION_TOKENS = {
  email: '[email]',
  phone: '[phone]',
  houseNumber: '[number]',
  ip: '[ip]',
} as const;

export type RedactionToken = (typeof REDACTION_TOKENS)[keyof typeof REDACTION_TOKENS];

// Local part: letters, digits and every RFC 5322 "atext" symbol, including / = ? & (so an
// address inside a URL takes the URL's path with it: better than leaving "/@example.org"),
// https://www.rfc-editor.org/rfc/rfc5322#section-3.2.3. At most 64 characters (RFC 5321's
// limit), which also keeps the scan linear on long words. No lookarounds: a match must be
// possible at every position, so no address is skipped.
const EMAIL =
  /[\p{L}\p{M}\p{N}.!#$%&'*+/=?^_`{|}~-]{1,64}@[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)+/gu;

// One capturing group, so String.split keeps the URLs at the odd indices.
const URL_SPLITTER = /((?:\bhttps?:\/\/|\bwww\.)[^\s<>"]+)/iu;

// Four dotted octets 0-255, not part of a longer dotted number (a version, a decimal).
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?!\\.?\\d)`, 'g');

// A run of digit groups that may hold phone numbers: optional "+country", optional
// "(area)", then digit groups joined by single spaces, dots or dashes, each group after the
// first at least two digits (so "call 07700 900123 3 times" keeps its "3"). It must not
// start inside a word, a decimal, a time or an amount (£2500000), nor end before more of one.
// redactPhoneNumbers then finds the numbers in it: +44 20 7946 0958, (312) 555-0100,
// 07700 900123, 555-0100.
const PHONE_CANDIDATE =
  /(?<![\p{L}\p{N}\p{Sc}_+-]|\d[.,:])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,15}(?:[ .-]\d{2,15})*(?![\p{L}\p{N}_-]|[.,:]\d)/gu;
// E.164 numbers have at most 15 digits; fewer than 7 are counts, years, times and short codes
// (https://www.itu.int/rec/T-REC-E.164).
const PHONE_MIN_DIGITS = 7;
const PHONE_MAX_DIGITS = 15;
// "+33 6 12 34 56 78" is the most space-separated groups a number is written in.
const PHONE_MAX_GROUPS = 6;
// Numbers that are not phone numbers even with seven or more digits.
const DECIMAL = /^\d+\.\d+$/;
const DATE = /^(?:\d{1,2}([ .-])\d{1,2}\1\d{4}|\d{4}([ .-])\d{1,2}\2\d{1,2})$/;
const YEAR_RANGE = /^(?:18|19|20)\d\d[ .-](?:18|19|20)\d\d$/;

// A full UK unit postcode: outward code (area + district, "SW1A") and inward code (sector
// digit + two unit letters, never C I K M O V, "1AA"). A unit holds about 15 addresses on
// average; the outward code covers thousands, so it stays
// (https://en.wikipedia.org/wiki/Postcodes_in_the_United_Kingdom#Formatting).
// Lower case is accepted for citizen text, minus ordinals ("flat b2 3rd floor").
const UK_POSTCODE =
  /\b([A-Za-z]{1,2}\d[A-Za-z\d]?) ?(?!1st|2nd|3rd|\dth)\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}\b/g;

const STREET_WORDS = (
  'Street St Road Rd Avenue Ave Lane Ln Drive Dr Boulevard Blvd Way Place Pl Court Ct Close ' +
  'Crescent Terrace Square Sq Gardens Grove Hill Parade Row Walk Mews'
).split(' ');

/** "St" → "[Ss][Tt]": case-insensitive for this word only (Node 20 has no (?i:) groups). */
function anyCase(word: string): string {
  return word.replace(/[a-z]/gi, (letter) => `[${letter.toUpperCase()}${letter.toLowerCase()}]`);
}

// A house number ("12", "221B", "12-14") followed by one to four capitalised words (or an
// ordinal, "5th") and a street word: only the number is replaced, the street stays. Names
// must be capitalised so "3 men walked down the street" is left alone; the street word may
// be any case. Not inside a word or an amount, nor after ":" "." ",", so the "30" of
// "12:30" and the "5" of "1.5" are not house numbers.
const STREET_NAME_WORD = "(?:\\p{Lu}[\\p{L}\\p{M}'’.-]*|\\d{1,3}(?:st|nd|rd|th))";
const STREET_WORD = `(?:${STREET_WORDS.map(anyCase).join('|')})`;
const HOUSE_NUMBER = new RegExp(
  `(?<![\\p{L}\\p{N}\\p{Sc}:.,-])\\d{1,5}[A-Za-z]?(?:\\s?[-–]\\s?\\d{1,5}[A-Za-z]?)?` +
    `(?=\\s+(?:${STREET_NAME_WORD}\\s+){1,4}${STREET_WORD}(?![\\p{L}\\p{N}]))`,
  'gu',
);

export function redactText(text: string): string {
  // E-mails go first, before the phone pattern can eat the digits of "07700900123@x.org",
  // and last, in case a removal (a postcode's inward code) joined text into an address.
  const withoutEmails = redactEmails(text);
  const redacted = withoutEmails
    .split(URL_SPLITTER)
    .map((part, index) => (index % 2 === 1 ? part : redactOutsideUrls(part)))
    .join('');
  return redactEmails(redacted);
}

function redactEmails(text: string): string {
  return text.replace(EMAIL, REDACTION_TOKENS.email);
}

function redactOutsideUrls(text: string): string {
  // IPs before phones: "192.168.100.200" is twelve digits in dotted groups.
  return text
    .replace(IPV4, REDACTION_TOKENS.ip)
    .replace(PHONE_CANDIDATE, redactPhoneNumbers)
    .replace(UK_POSTCODE, '$1')
    .replace(HOUSE_NUMBER, REDACTION_TOKENS.houseNumber);
}

/**
 * Replaces the phone numbers in a run of space-separated digit groups, leftmost and longest
 * first: "in 2024 07700 900123 12 Baker Street" holds 17 digits in a row, too many for one
 * number, but the phone number in it must still go.
 */
function redactPhoneNumbers(candidate: string): string {
  const groups = candidate.split(' ');
  const output: string[] = [];
  let start = 0;
  while (start < groups.length) {
    const end = phoneNumberEnd(groups, start);
    output.push(end === start ? (groups[start] ?? '') : REDACTION_TOKENS.phone);
    start = end === start ? start + 1 : end;
  }
  return output.join(' ');
}

/** The end of the longest phone number starting at groups[start], or start if none does. */
function phoneNumberEnd(groups: readonly string[], start: number): number {
  for (let end = Math.min(groups.length, start + PHONE_MAX_GROUPS); end > start; end -= 1) {
    const span = groups.slice(start, end);
    if (!span.some(isOtherNumber) && isPhoneNumber(span.join(' '))) return end;
  }
  return start;
}

function isPhoneNumber(text: string): boolean {
  const digitCount = text.replace(/\D/g, '').length;
  return digitCount >= PHONE_MIN_DIGITS && digitCount <= PHONE_MAX_DIGITS && !isOtherNumber(text);
}

function isOtherNumber(text: string): boolean {
  return DECIMAL.test(text) || DATE.test(text) || YEAR_RANGE.test(text);
}
