import { spansOf, type TextSpan } from '../spans.js';

/**
 * Licence plates. Shapes distinctive enough to stand alone: German ("M-AB 1234", "S-KL 4411E"),
 * British ("AB12 CDE") and British Columbian ("LK4 92X"). Shapes that collide with ordinary
 * words and numbers ("ABC 123", "123 ABC", "7XYZ482", "HH AB 123") count only after a word
 * that announces a plate ("plate", "reg", "Kennzeichen", "Nummernschild"), so times, bus
 * lines, exits and hundred blocks stay clean.
 */

const NOT_IN_WORD_BEFORE = '(?<![\\p{L}\\p{N}-])';
const NOT_IN_WORD_AFTER = '(?![\\p{L}\\p{N}]|-\\p{N})';
// District code, hyphen, 1-2 letters, 1-4 digits, E (electric) or H (historic) maybe.
const GERMAN = String.raw`[A-ZÄÖÜ]{1,3}-[A-Z]{1,2}\s?\d{1,4}[EH]?`;
// Two letters, two digits (the age identifier), three letters.
const BRITISH = String.raw`[A-Z]{2}\d{2}\s?[A-Z]{3}`;
// British Columbia since 2010 and similar: "LK4 92X", "AB1 23C".
const BC = String.raw`[A-Z]{2}\d\s?\d{2}[A-Z]`;
const STANDALONE = new RegExp(
  `${NOT_IN_WORD_BEFORE}(?:${GERMAN}|${BRITISH}|${BC})${NOT_IN_WORD_AFTER}`,
  'gu',
);

// Either case for the first letter; the plate itself must be in capitals ("at 10 pm" is not).
const ANNOUNCERS = [
  '[Ll]icen[cs]e [Pp]lates?',
  '[Nn]umber [Pp]lates?',
  '[Pp]late [Nn]umbers?',
  '[Pp]lates?',
  '[Pp]late [Nn]o\\.?',
  '[Rr]eg(?:istration)?(?: [Nn]umber| [Nn]o\\.?)?',
  '[Tt]ags?(?= (?:was|were|is|are|read|number)\\b)',
  '(?:KFZ-|Kfz-)?[Kk]ennzeichen',
  '[Nn]ummernschild(?:er)?',
  '[Aa]utonummer',
];
// Up to four short words between ("the plate was BC", "Kennzeichen erkennen:").
const BETWEEN = String.raw`(?:[\s:,]+[\p{L}]{1,12}\.?){0,4}?[\s:,"'#]+`;
// Letters and digits, at least one of each: one group of 5-8 ("7XYZ482") or up to three short ones.
const PLATE = String.raw`(?![\d ]+\s?[AP]M\b)(?=[A-ZÄÖÜ\d -]*\d)(?=[\d -]*[A-ZÄÖÜ])(?:[A-ZÄÖÜ\d]{5,8}|[A-ZÄÖÜ\d]{1,4}(?:[ -][A-ZÄÖÜ\d]{1,4}){0,2})`;
const ANNOUNCED = new RegExp(
  `(?<![\\p{L}])(?:${ANNOUNCERS.join('|')})${BETWEEN}(?<hit>${PLATE})${NOT_IN_WORD_AFTER}`,
  'gu',
);
const MIN_PLATE_LENGTH = 4;

export function findVehiclePlates(text: string): TextSpan[] {
  const announced = spansOf(text, ANNOUNCED).filter(
    (span) => span.end - span.start >= MIN_PLATE_LENGTH,
  );
  return [...spansOf(text, STANDALONE), ...announced];
}
