import { anyCaseWords } from './any-case.js';
import { spansOf, type RedactionSpan } from './spans.js';

/**
 * Phone numbers inside links and parameters, where digits are otherwise left alone (a path's
 * digits are ids and dates): chat links ("https://wa.me/16045550199", "t.me/+16045550199"),
 * parameters that name a number ("send?phone=16045550199", "tel=604-555-0199") and dialling
 * schemes ("tel:%2B16045550199"). Only the number goes; the rest of the link stays.
 */

// "%2B" is "+", "%20" a space, in a percent-encoded link.
const PLUS = '(?:\\+|%2[Bb])';
const NUMBER = String.raw`(?:${PLUS}|\(|\d)(?:\d|%20|[\s().-](?=[\d(%]))*\d`;
const NUMBER_END = String.raw`(?![\p{L}\p{N}_])`;

const PARAMETER_NAME = anyCaseWords([
  'phone_number',
  'phonenumber',
  'phone',
  'telephone',
  'telefonnummer',
  'telefon',
  'tel',
  'mobile',
  'mobil',
  'handy',
  'cell',
  'msisdn',
  'number',
  'nummer',
  'rufnummer',
  'recipient',
  'to',
  'whatsapp',
  'wa',
]);
const PARAMETER = `(?<![\\p{L}\\p{N}_-])${PARAMETER_NAME}\\s?=\\s?(?<redact>${NUMBER})${NUMBER_END}`;
const SCHEME = `(?<![\\p{L}\\p{N}_-])${anyCaseWords(['tel', 'sms', 'callto', 'facetime', 'whatsapp'])}:(?://)?(?<redact>${NUMBER})${NUMBER_END}`;
const CHAT_LINK =
  String.raw`(?<![\p{L}\p{N}-])(?:wa\.me|(?:api\.|web\.)?whatsapp\.com/send|t\.me|telegram\.me|signal\.me/#p|viber\.click)` +
  `/+(?<redact>${PLUS}?\\d{7,15})${NUMBER_END}`;
// Any path segment that is an international number: ".../+16045550199".
const PLUS_SEGMENT = `/(?<redact>${PLUS}\\d[\\d-]{5,18}\\d)(?=[/?#&\\s]|$)`;

const PATTERNS = [PARAMETER, SCHEME, CHAT_LINK, PLUS_SEGMENT].map(
  (source) => new RegExp(source, 'gu'),
);

// E.164 numbers have at most 15 digits; fewer than 7 are ids and short codes.
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

export function findPhoneNumbersInLinks(text: string, token: string): RedactionSpan[] {
  return PATTERNS.flatMap((pattern) => spansOf(text, pattern, token)).filter((span) => {
    const digits = text
      .slice(span.start, span.end)
      .replace(/%[\dA-Fa-f]{2}/gu, '')
      .replace(/\D/gu, '');
    return digits.length >= MIN_DIGITS && digits.length <= MAX_DIGITS;
  });
}
