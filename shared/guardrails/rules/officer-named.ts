import { spansOf, type TextSpan } from '../spans.js';

/**
 * An officer singled out in feedback on a police response: a rank or title with a name or a
 * number ("Officer Smith", "Sgt. O'Brien", "Polizist Müller"), a badge, shield, unit or car
 * number ("badge 1234", "unit 3A12", "Dienstnummer 4711"), or a bare number sign ("#4521").
 * Feedback is about how the police responded, never about a named officer (issue 13): officer
 * identities are never taken from the crowd, right or wrong. "The officer was kind" names
 * nobody and passes.
 */

const TITLES =
  'officers?|ofc|cops?|constables?|pc|sergeants?|sgt|lieutenants?|lt|detectives?|det|deputy|deputies|troopers?|captains?|capt|inspectors?|corporals?|cpl|chief|agents?|polizist(?:in|en)?|beamter|beamtin|beamte|polizeibeamt(?:er|in|e)|wachtmeister(?:in)?|kommissar(?:in)?|hauptkommissar(?:in)?|polizeimeister(?:in)?|polizeiobermeister(?:in)?';

// Capitalised words after a title that are not a name ("Officer Was rude" is rare, "Officer
// The" rarer, but a sentence may start after the title).
const NOT_NAMES = new Set([
  'the',
  'and',
  'but',
  'was',
  'were',
  'is',
  'are',
  'who',
  'did',
  'had',
  'has',
  'came',
  'arrived',
  'der',
  'die',
  'das',
  'und',
  'war',
  'ist',
  'kam',
]);

/** A title (any case) followed by a capitalised word or a number: "Officer Smith", "Sgt. 12". */
const TITLE_THEN_NAME = new RegExp(
  `(?<![\\p{L}])(?:${TITLES})\\.?\\s+(?<next>\\p{Lu}[\\p{L}'’-]*|#?\\d[\\p{L}\\d-]*)`,
  'giu',
);

/** A badge, shield, unit, car or call-sign number, English and German. */
const NUMBERED =
  /(?<![\p{L}])(?:badge|shield|unit|car|patrol\s+car|squad\s+car|cruiser|call\s*sign|id|dienstnummer|dienstausweis(?:nummer)?|kennung|streife|streifenwagen|einheit|funkrufname|marke)(?:\s+(?:number|no\.?|nr\.?|nummer))?\s*(?:#|:)?\s*\d[\p{L}\d-]*|(?<![\p{L}\d])\d[\p{L}\d-]*\s+(?:badge|unit)(?![\p{L}])/giu;

/** "#4521", "# 4521": a number sign with digits is an identifier whatever it names. */
const NUMBER_SIGN = /#\s?\d{2,}/gu;

export function findOfficersNamed(text: string): TextSpan[] {
  const titled: TextSpan[] = [];
  for (const match of text.matchAll(TITLE_THEN_NAME)) {
    const next = match.groups?.['next'] ?? '';
    if (NOT_NAMES.has(next.toLowerCase())) continue;
    titled.push({ start: match.index, end: match.index + match[0].length });
  }
  return [...titled, ...spansOf(text, NUMBERED), ...spansOf(text, NUMBER_SIGN)].sort(
    (a, b) => a.start - b.start || b.end - a.end,
  );
}
