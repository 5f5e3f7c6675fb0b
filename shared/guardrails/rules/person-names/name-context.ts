import { wordsPattern } from '../../spans.js';

/**
 * What around a capitalised word says it is not a private person: an article before it
 * ("the McDonald's"), a crossing ("the corner of Fraser and 33rd"), a street, park or shop after it ("Jackson Park", "Tim Hortons", "Grant
 * Street"), a public office before it ("Mayor Sim", "Oberbürgermeisterin Reker", "Officer
 * Diaz": people acting in public roles), or a hyphen joining it into a compound
 * ("Karl-Marx-Straße").
 */

const PLACE_WORDS = (
  'Street St Road Rd Avenue Ave Drive Dr Boulevard Blvd Way Place Lane Court Crescent ' +
  'Square Park Bridge Station School Hospital Centre Center Mall Market Hall Church Library ' +
  'Hotel Bar Pub Cafe Café Restaurant Store Shop Bank Highway Hwy Trail Beach Hill Hortons ' +
  'Elementary Secondary College University Stadium Arena Tower Building Plaza Gardens ' +
  'Straße Strasse Platz Kirche Schule Bahnhof Brücke Allee Weg Ring Gymnasium Halle Markt'
).split(' ');
const PLACE_WORD_SET: ReadonlySet<string> = new Set(PLACE_WORDS);
const PLACE_AFTER = new RegExp(`^[\\s'’s]*(?:${wordsPattern(PLACE_WORDS)})(?![\\p{L}])`, 'u');

/** "Street", "Park", "Bahnhof": a word that names a kind of place, never a person. */
export function isPlaceWord(word: string): boolean {
  return PLACE_WORD_SET.has(word);
}

const PUBLIC_OFFICE_BEFORE = new RegExp(
  `(?:^|[^\\p{L}])(?:${wordsPattern(
    (
      'Mayor Premier Minister President Chancellor Senator Councillor Councilor Governor ' +
      'Officer Constable Cst. Sgt. Sergeant Inspector Detective Chief Superintendent Judge ' +
      'Saint St. San Santa Sankt King Queen Prince Princess Lord ' +
      'Bürgermeister Bürgermeisterin Oberbürgermeister Oberbürgermeisterin Kanzler Kanzlerin ' +
      'Ministerin Präsident Präsidentin Polizeipräsident Polizeipräsidentin Senatorin Stadtrat ' +
      'Stadträtin Kommissar Kommissarin Polizeihauptkommissar Polizeioberkommissar Polizist ' +
      'Polizistin Richter Richterin Pfarrer Pfarrerin'
    ).split(' '),
  )})\\s+$`,
  'u',
);

// "the Safeway", "behind the McDonald's": nobody writes "the" before a person's name.
const ARTICLE_BEFORE = /(?:^|[^\p{L}])(?:the|der|die|das|dem|den)\s+$/u;
// Crossings name streets: "the corner of Fraser and 33rd", "12th and Cambie", "Ecke Fraser".
const CROSSING_BEFORE =
  /(?:(?:^|[^\p{L}])(?:corner|intersection|junction|Ecke|Kreuzung)\s+(?:of\s+)?|\d(?:st|nd|rd|th)?\s*(?:and|&|\/)\s*)$/u;
const CROSSING_AFTER = /^\s*(?:and|&|\/)\s*\d{1,3}(?:st|nd|rd|th)?(?![\p{L}\p{N}])/u;

export function isPublicOrPlace(text: string, start: number, end: number): boolean {
  if (text[start - 1] === '-' || text[end] === '-') return true;
  if (ARTICLE_BEFORE.test(text.slice(Math.max(0, start - 8), start))) return true;
  if (CROSSING_BEFORE.test(text.slice(Math.max(0, start - 20), start))) return true;
  if (CROSSING_AFTER.test(text.slice(end, end + 12))) return true;
  if (PLACE_AFTER.test(text.slice(end, end + 24))) return true;
  return PUBLIC_OFFICE_BEFORE.test(text.slice(Math.max(0, start - 32), start));
}
