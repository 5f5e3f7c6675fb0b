import { anyCaseWords } from './any-case.js';
import { spansOf, type RedactionSpan } from './spans.js';

/**
 * Flat, apartment and room numbers: with the street they name one household. The word
 * stays ("flat [unit]"), so the text still reads.
 */

const DESIGNATOR = anyCaseWords(
  (
    'flat apartment apt. apt unit suite ste. ste room rm. bedsit maisonette penthouse house ' +
    'wohnung whg. whg appartement app. zimmer wohneinheit hausnummer haus'
  ).split(' '),
);
const NUMBER_WORD = anyCaseWords(['number', 'no.', 'no', 'nr.', 'nr', 'num.', '#']);

const WITH_WORD = new RegExp(
  `(?<![\\p{L}])${DESIGNATOR}\\s*(?:${NUMBER_WORD}\\s*)?:?\\s*` +
    // "3B", "B2", "12", "4-3", "3.OG" (German floor notation "3. OG links" is a unit too).
    // Not before a letter or a token, so a second pass finds what the first did.
    String.raw`(?<redact>(?:\d{1,4}[A-Za-z]?|[A-Za-z]\d{1,4})(?:[-/.]\d{1,4}[A-Za-z]?)?)(?![\p{L}\p{N}[])`,
  'gu',
);

// "#305" or "# 12B": a unit in North American addresses, unless a reference comes first
// ("case #2026-41", "Ref. #12").
const REFERENCE = anyCaseWords(
  'case incident report ref ref. file call event ticket order item no. nr. number fall akte vorgang'.split(
    ' ',
  ),
);
const HASH_NUMBER = new RegExp(
  `(?<!${REFERENCE}\\s?)(?<![\\p{L}\\p{N}&])#\\s?\\d{1,5}[A-Za-z]?(?![\\p{L}\\p{N}]|[-/.]\\d)`,
  'gu',
);

export function findUnitDesignators(text: string, token: string): RedactionSpan[] {
  return [...spansOf(text, WITH_WORD, token), ...spansOf(text, HASH_NUMBER, token)];
}
