import { spansOf, wordsPattern, type TextSpan } from '../spans.js';

/**
 * House-number addresses and flat numbers, which name one household: "1234 Main St",
 * "12 Baker Street", "77 West 10th Ave", "Hauptstraße 12", "Berliner Str. 45a", "Am Markt 3",
 * "apartment 4B", "Wohnung 4B". Not a hundred block ("the 1200 block of Commercial Drive",
 * "5XX Homer St": the police convention for a public place), not a numbered road
 * ("72 Ave", "Highway 1", "Bundesstraße 2", "A 8"), not a street without a number.
 */

const STREET_TYPES = wordsPattern(
  (
    'Street St St. Road Rd Rd. Avenue Ave Ave. Av Lane Ln Drive Dr Dr. Boulevard Blvd Blvd. ' +
    'Way Place Pl Court Ct Close Crescent Cres Terrace Square Sq Gardens Grove Hill Parade ' +
    'Row Walk Mews Highway Hwy Parkway Pkwy Circle Cir Alley Trail Broadway Kingsway Quay'
  ).split(' '),
);
const NUMBER = String.raw`(?<![\p{L}\p{N}\p{Sc}:.,/#-])\d{1,5}[A-Za-z]?(?:-\d{1,5})?`;
const NAME_WORD = String.raw`(?:\p{Lu}[\p{L}'.-]*|\d{1,3}(?:st|nd|rd|th))`;
const DIRECTION = '(?:North|South|East|West|N|S|E|W|NE|NW|SE|SW)\\.?';
const ENGLISH = new RegExp(
  `${NUMBER}\\s+(?:${DIRECTION}\\s+)?(?:${NAME_WORD}\\s+){1,3}(?:${STREET_TYPES})(?![\\p{L}])` +
    // "3300 Kingsway", "1500 Broadway": a street that is its own name.
    `|${NUMBER}\\s+(?:Kingsway|Broadway)(?![\\p{L}])`,
  'gu',
);

const GERMAN_SUFFIX = wordsPattern(
  'straße strasse str. allee gasse weg platz ring damm ufer chaussee promenade steig pfad kai'.split(
    ' ',
  ),
);
const NOT_A_ROAD = '(?<!(?:Bundes|Landes|Staats|Kreis|Land|Gemeinde)(?:straße|strasse))';
const HOUSE_NUMBER = String.raw`(?:(?:Nr|No)\.?\s*)?\d{1,4}\s?[a-zA-Z]?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?`;
const COUNTED = wordsPattern(
  'Uhr Minuten Min min Stunden Tage Wochen Personen Leute Autos Pkw Mal Euro km m Meter Jahre'.split(
    ' ',
  ),
);
const GERMAN = new RegExp(
  String.raw`(?<![\p{L}])[\p{L}-]*\p{L}(?:${GERMAN_SUFFIX})${NOT_A_ROAD}\s+${HOUSE_NUMBER}(?![\p{L}\p{N}]|[.,:]\d|\s*(?:${COUNTED})(?![\p{L}]))`,
  'giu',
);
// "Berliner Str. 45a", "Kölner Straße 8": a place's adjective, then the street word apart.
const GERMAN_TWO_WORDS = new RegExp(
  String.raw`(?<![\p{L}])\p{Lu}\p{L}+er\s+(?:Straße|Strasse|Str\.|Allee|Weg|Platz|Ring|Damm|Chaussee|Landstraße)\s+${HOUSE_NUMBER}(?![\p{L}\p{N}]|[.,:]\d|\s*(?:${COUNTED})(?![\p{L}]))`,
  'gu',
);
// "Am Markt 3", "An der Alster 5", "Unter den Linden 77": the number ends the phrase.
const NOT_A_DAY =
  '(?!(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Wochenende|Abend|Morgen|Mittag)\\b)';
const GERMAN_PREPOSITIONAL = new RegExp(
  String.raw`(?<![\p{L}])(?:Am|Im|An der|Auf der|Auf dem|Unter den|Zur|Zum|In der)\s+${NOT_A_DAY}\p{Lu}\p{L}+\s+\d{1,3}\s?[a-zA-Z]?(?=\s*(?:[,;:)]|\.(?!\d)|$))`,
  'gu',
);
const UNIT = new RegExp(
  String.raw`(?<![\p{L}])(?:apartment|apt\.?|flat|unit|suite|ste\.|room|wohnung|whg\.?|appartement|zimmer|hausnummer|haus nr\.?)\s*(?:number|no\.?|nr\.?|#)?\s*:?\s*` +
    String.raw`(?:\d{1,4}[A-Za-z]?|[A-Za-z]\d{1,4})(?![\p{L}\p{N}])`,
  'giu',
);
// "#305": a North American unit, unless a reference comes first ("case #12", "bus #99").
const HASH_UNIT =
  /(?<!(?:case|incident|report|ref\.?|file|ticket|bus|route|line|no\.?|nr\.?|number|fall|linie)\s?)(?<![\p{L}\p{N}&])#\s?\d{1,5}[A-Za-z]?(?![\p{L}\p{N}]|[-/.]\d)/giu;

export function findStreetAddresses(text: string): TextSpan[] {
  return [
    ...spansOf(text, ENGLISH),
    ...spansOf(text, GERMAN),
    ...spansOf(text, GERMAN_TWO_WORDS),
    ...spansOf(text, GERMAN_PREPOSITIONAL),
    ...spansOf(text, UNIT),
    ...spansOf(text, HASH_UNIT),
  ];
}
