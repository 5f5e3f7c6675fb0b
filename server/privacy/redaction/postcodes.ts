import { anyCaseWords } from './any-case.js';
import { COUNTED_WORDS } from './counted-words.js';
import { spansOf, type RedactionSpan } from './spans.js';
import { US_CITY_NAMES, US_STATE_NAMES } from './us-place-names.js';

/**
 * Postcodes of the countries Openbeat has data for. A full UK or Canadian postcode covers a
 * street side or a block (about 15 UK addresses); a US ZIP or German PLZ a neighbourhood.
 * All of them go whole, so no country's text says more than another's.
 */

// Outward code (area + district, "SW1A") and inward code (sector digit + two unit letters,
// never C I K M O V, "1AA"), any case, minus ordinals ("flat b2 3rd floor"),
// https://en.wikipedia.org/wiki/Postcodes_in_the_United_Kingdom#Formatting
const UK =
  /(?<!\p{L})[A-Za-z]{1,2}\d[A-Za-z\d]?[ -]?(?!1st|2nd|3rd|\dth)\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}(?!\p{L})/gu;

// Forward sortation area + local delivery unit; D F I O Q U never appear, W and Z not first,
// https://en.wikipedia.org/wiki/Postal_codes_in_Canada#Components_of_a_postal_code
// Written with a space or hyphen anywhere ("V6B 1 A1", "V6B1 A1", "V 6 B 1 A 1"), except
// in the pairs of seats and grid squares ("A1 B2 C3").
const CANADA =
  /(?<![\p{L}\p{N}])[ABCEGHJ-NPRSTVXYabceghj-nprstvxy][ -]?\d[ -]?[ABCEGHJ-NPRSTV-Zabceghj-nprstv-z][ -]{0,2}\d[ -]?[ABCEGHJ-NPRSTV-Zabceghj-nprstv-z][ -]?\d(?![\p{L}\p{N}])/gu;
const MAX_CANADIAN_SEPARATORS = 2;
const ALL_CANADIAN_SEPARATORS = 5;
const LETTER_DIGIT_PAIRS = /^..[ -]..[ -]..$/u;

function isCanadianPostcode(written: string): boolean {
  const separators = written.replace(/[^ -]/gu, '').length;
  if (separators === ALL_CANADIAN_SEPARATORS) return true;
  return separators <= MAX_CANADIAN_SEPARATORS && !LETTER_DIGIT_PAIRS.test(written);
}

const NOT_IN_A_NUMBER_BEFORE = String.raw`(?<![\p{L}\p{N}\p{Sc}_.,:/-])`;
const NOT_IN_A_NUMBER_AFTER = String.raw`(?![\p{L}\p{N}_]|[.,:/-]\d)`;

// ZIP+4 always; a five-digit ZIP after a state ("WA 98101", "Calif. 94103") or a label.
const US_STATES =
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ ' +
  'NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR';
const ZIP_PLUS_FOUR = new RegExp(
  `${NOT_IN_A_NUMBER_BEFORE}\\d{5}\\s?-\\s?\\d{4}${NOT_IN_A_NUMBER_AFTER}`,
  'gu',
);
// The AP style's abbreviations, as newsrooms and many forms write states ("Wash. 98101").
const US_STATE_ABBREVIATIONS =
  'Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo ' +
  'Mont Neb Nebr Nev N.H N.J N.M N.Y N.C N.D Okla Ore Oreg Pa Penn R.I S.C S.D Tenn Tex Vt Va ' +
  'Wash W.Va Wis Wisc Wyo';
// "ZIP 98101", "zip-code: 98101", "ZIP code is 02134", "postal code 90210".
const ZIP_LABEL = `(?:${anyCaseWords(['zip'])}(?:[- ]?${anyCaseWords(['code'])})?|${anyCaseWords(['postal', 'post'])}[- ]?${anyCaseWords(['code'])})(?:\\s+${anyCaseWords(['is', 'was'])})?\\s?[:=]?`;
const ZIP_AFTER_STATE_OR_LABEL = new RegExp(
  `(?:\\b(?:${US_STATES.split(' ').join('|')})\\.?,?|\\b(?:${US_STATE_ABBREVIATIONS.replaceAll('.', '\\.').split(' ').join('|')})\\.,?|(?<!\\p{L})${ZIP_LABEL})` +
    `\\s+(?<redact>\\d{5})${NOT_IN_A_NUMBER_AFTER}(?!\\s?\\d)`,
  'gu',
);

// A PLZ: "D-10115", "PLZ 10115", or five digits and a place name ("10115 Berlin"), unless
// the word names what was counted or paid ("12000 Euro", "15000 Besucher").
// The largest German cities, which a PLZ may follow or precede in any case ("Berlin 10115",
// "10115 berlin").
const GERMAN_CITIES = anyCaseWords(
  (
    'Berlin Hamburg München Muenchen Köln Koeln Frankfurt Stuttgart Düsseldorf Duesseldorf ' +
    'Leipzig Dortmund Essen Bremen Dresden Hannover Nürnberg Nuernberg Duisburg Bochum ' +
    'Wuppertal Bielefeld Bonn Münster Muenster Mannheim Karlsruhe Augsburg Wiesbaden Kiel ' +
    'Aachen Chemnitz Halle Magdeburg Freiburg Lübeck Luebeck Erfurt Rostock Mainz Kassel Potsdam'
  ).split(' '),
);
const PLZ_DIGITS = String.raw`(?:0[1-9]|[1-9]\d)\d{3}`;
const GERMAN_PLZ_BY_CITY = new RegExp(
  `${GERMAN_CITIES}(?!\\p{L}),?\\s+(?<redact>${PLZ_DIGITS})${NOT_IN_A_NUMBER_AFTER}` +
    `|${NOT_IN_A_NUMBER_BEFORE}${PLZ_DIGITS}(?=\\s+${GERMAN_CITIES}(?!\\p{L}))`,
  'gu',
);
const GERMAN_PLZ = new RegExp(
  `\\b[Dd]-\\d{5}${NOT_IN_A_NUMBER_AFTER}` +
    `|${anyCaseWords(['plz'])}:?\\s*\\d{5}${NOT_IN_A_NUMBER_AFTER}` +
    `|${NOT_IN_A_NUMBER_BEFORE}(?:0[1-9]|[1-9]\\d)\\d{3}(?=\\s+(?!${anyCaseWords(COUNTED_WORDS)}\\b)\\p{Lu}\\p{Ll})`,
  'gu',
);

// "Seattle 98101", "Seattle, Washington 98101": a ZIP after a city or a state's name.
const ZIP_AFTER_PLACE_NAME = new RegExp(
  `(?<!\\p{L})${anyCaseWords([...US_CITY_NAMES, ...US_STATE_NAMES])}` +
    `(?!\\p{L}),?\\s+(?<redact>\\d{5})${NOT_IN_A_NUMBER_AFTER}(?!\\s?\\d|\\s*${anyCaseWords(COUNTED_WORDS)}(?!\\p{L}))`,
  'gu',
);

export function findPostcodes(text: string, token: string): RedactionSpan[] {
  const canadian = spansOf(text, CANADA, token).filter((span) =>
    isCanadianPostcode(text.slice(span.start, span.end)),
  );
  const patterns = [UK, ZIP_PLUS_FOUR, ZIP_AFTER_STATE_OR_LABEL, ZIP_AFTER_PLACE_NAME, GERMAN_PLZ];
  return [
    ...canadian,
    ...[...patterns, GERMAN_PLZ_BY_CITY].flatMap((pattern) => spansOf(text, pattern, token)),
  ];
}
