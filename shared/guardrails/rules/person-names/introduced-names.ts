import { spansOf, type TextSpan } from '../../spans.js';

/**
 * A name the text introduces as one, whatever the name: "a guy called Darren", "the kid
 * named Brandon", "my neighbour John", "ein Typ namens Dennis", "der Junge heißt Lukas",
 * "Maik heißt er", "mein Nachbar Jürgen". Street names are not people ("heißt Hauptstraße").
 */

const NAME = String.raw`(?<hit>\p{Lu}\p{Ll}+(?:[\s-]\p{Lu}\p{Ll}+)?)`;
const NOT_A_STREET = String.raw`(?!\p{Lu}\p{Ll}*(?:straße|strasse|weg|platz|allee|gasse|ring|park|Street|Road|Avenue|Park)(?![\p{L}]))`;
const RELATIONS =
  'neighbou?r|neighbou?rs|landlord|landlady|roommate|flatmate|housemate|ex|ex-boyfriend|ex-girlfriend|boyfriend|girlfriend|husband|wife|cousin|brother|sister|son|daughter|boss|coworker|co-worker|colleague|nephew|niece|uncle|aunt|stepdad|stepfather|friend|buddy';
const ENGLISH = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:called|named|name is|name's|names? are|goes by|known as|nicknamed)\s+|(?:my|our|his|her|their|the)\s+(?:${RELATIONS})\s*,?\s+)${NOT_A_STREET}${NAME}`,
  'gu',
);
const GERMAN_RELATIONS =
  'Nachbar|Nachbarin|Nachbarn|Vermieter|Vermieterin|Mitbewohner|Mitbewohnerin|Ex|Exfreund|Exfreundin|Freund|Freundin|Mann|Frau|Bruder|Schwester|Sohn|Tochter|Cousin|Cousine|Chef|Chefin|Kollege|Kollegin|Onkel|Tante|Neffe|Nichte|Stiefvater';
const GERMAN = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:namens|genannt|heißt|heisst|hieß|Name ist|Namen)\s+|(?:mein|meine|meinen|meinem|unser|unsere|unseren|unserem|sein|seine|ihr|ihre)\s+(?:${GERMAN_RELATIONS})\s*,?\s+)${NOT_A_STREET}${NAME}`,
  'gu',
);
// Named groups may not repeat in one pattern before ES2025, so the name-first order is its own.
const GERMAN_NAME_FIRST = new RegExp(
  String.raw`${NAME}\s+(?:heißt|heisst|hieß|nennt sich)\s+(?:er|sie|der|die|das)(?![\p{L}])`,
  'gu',
);

export function findIntroducedNames(text: string): TextSpan[] {
  return [...spansOf(text, ENGLISH), ...spansOf(text, GERMAN), ...spansOf(text, GERMAN_NAME_FIRST)];
}
