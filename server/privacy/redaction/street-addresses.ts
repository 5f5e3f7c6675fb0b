import { anyCaseWords } from './any-case.js';
import { spansOf, type RedactionSpan } from './spans.js';

/**
 * House numbers. Only the number goes; the street stays (a street is what a 150 m cell
 * shows anyway), and so does a block ("the 100 block of W Pender", the police convention
 * for a public address).
 */

const STREET_WORDS = (
  'Street St Road Rd Avenue Ave Av Lane Ln Drive Dr Boulevard Blvd Way Place Pl Court Ct ' +
  'Close Crescent Cres Terrace Terr Square Sq Gardens Grove Hill Parade Row Walk Mews ' +
  'Highway Hwy Parkway Pkwy Circle Cir Alley Trail Broadway Mall Quay Wharf'
).split(' ');
const STREET_WORD = `${anyCaseWords(STREET_WORDS)}\\.?(?![\\p{L}])`;
const DIRECTION = anyCaseWords(
  'north south east west N S E W NE NW SE SW N. S. E. W. NE. NW. SE. SW.'.split(' '),
);
// Words that end a phrase rather than name a street: "3 men walked down the street".
const PHRASE_WORDS = anyCaseWords(
  (
    'the a an of on in at to by from into onto down up along across near and or with ' +
    'towards toward past over under behind outside inside side bound end was were is are ' +
    'der die das den dem des ein eine und'
  ).split(' '),
);

// "Bundesstraße 2" is a road's number, not a house's.
const NOT_A_ROAD_NUMBER = `(?<!${anyCaseWords(['bundes', 'land', 'staats', 'kreis', 'gemeinde'])})`;
const BLOCK = anyCaseWords(['block', 'blk']);
// What a number after a German street name counts when it is not a house number.
const COUNTED_AFTER = anyCaseWords(
  (
    'Personen Männer Frauen Jugendliche Kinder Täter Tatverdächtige Verletzte Fahrzeuge ' +
    'Autos Pkw Mal Minuten Stunden Tage Euro Uhr km m min'
  ).split(' '),
);
// A house number ("12", "221B", "12-14"), not inside a word, an amount, a time or a decimal.
const NUMBER = String.raw`(?<![\p{L}\p{N}\p{Sc}:.,/#-])(?<redact>\d{1,5}[A-Za-z]?(?:\s?[-–/]\s?\d{1,5}[A-Za-z]?)?)(?!\s*-?\s*${BLOCK})`;
const NAME_WORD = String.raw`(?:\p{Lu}[\p{L}\p{M}'.-]*|\d{1,3}(?:st|nd|rd|th))`;
const LOWER_WORD = `(?!${PHRASE_WORDS}\\s)[\\p{Ll}][\\p{L}\\p{M}'-]*`;

const PATTERNS = [
  // "12 Baker Street", "1234 E HASTINGS ST", "1060 W. Addison St", "350 5th Avenue".
  `${NUMBER}(?=\\s+(?:${NAME_WORD}\\s+){1,4}${STREET_WORD})`,
  // "12 baker street", "7 acacia road": at most two lower-case words, none a phrase word.
  `${NUMBER}(?=\\s+(?:${LOWER_WORD}\\s+){1,2}${STREET_WORD})`,
  // A direction after the number is an address in any case: "1234 e hastings".
  `${NUMBER}(?=\\s+${DIRECTION}\\s+(?!${PHRASE_WORDS}(?![\\p{L}]))(?:\\p{L}|\\d{1,3}(?:st|nd|rd|th)))`,
  // German order, the number after the street: "Hauptstraße 12", "Berliner Str. 5a",
  // "Am Markt 3"; a bare "Weg" or "Platz" needs a capitalised word before it ("Platz 1").
  `${NOT_A_ROAD_NUMBER}(?:${anyCaseWords(['straße', 'strasse', 'str.', 'str', 'allee', 'stieg', 'graben', 'promenade', 'gasse', 'chaussee', 'damm', 'ufer'])}` +
    `|\\p{L}${anyCaseWords(['weg', 'platz', 'ring', 'markt', 'steig', 'pfad', 'berg', 'hof', 'kai'])}` +
    `|(?:Am|Im|An der|Auf der|\\p{Lu}\\p{L}{2,}er)\\s+${anyCaseWords(['weg', 'platz', 'ring', 'markt', 'steig', 'pfad', 'kai'])})` +
    String.raw`\s+(?:(?:Nr|No)\.?\s*)?(?<redact>\d{1,4}\s?[a-zA-Z]?(?:\s?[-–/]\s?\d{1,4}[a-zA-Z]?)?)(?![\p{L}\p{N}]|[.,:]\d|\s*${COUNTED_AFTER}(?![\p{L}]))`,
  // "Unter den Linden 77", "An der Alster 5", "Zur Mühle 3": a number that ends the phrase.
  `(?<![\\p{L}])(?:Unter|An|Am|Zur|Zum|Hinter|Vor|Auf|Im)\\s+(?:(?:den|der|dem)\\s+)?\\p{Lu}\\p{L}+` +
    String.raw`\s+(?<redact>\d{1,3}\s?[a-zA-Z]?)(?=\s*(?:[,;:)]|\.(?!\d)|$))`,
].map((source) => new RegExp(source, 'gu'));

export function findHouseNumbers(text: string, token: string): RedactionSpan[] {
  return PATTERNS.flatMap((pattern) => spansOf(text, pattern, token));
}
