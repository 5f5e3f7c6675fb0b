import { spansOf, type TextSpan } from '../../spans.js';

/**
 * A name after a form of address: "Mrs. Patel", "Mr Okafor", "Herr Özdemir", "Frau Becker",
 * "Familie Weber", and a family by its name: "the Hendersons' son". In German "Frau" and
 * "Herr" are also plain nouns ("eine Frau Richtung Bahnhof", "die Frau mit Kopftuch"), so an
 * article or adjective before them, or a common noun after them, is no address.
 */

const NAME = String.raw`\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?`;
const ENGLISH = new RegExp(
  String.raw`(?<![\p{L}])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Mister|Missus)\.?\s+(?<hit>${NAME})`,
  'gu',
);
const FAMILY = new RegExp(
  String.raw`(?<![\p{L}])the\s+(?<hit>\p{Lu}\p{Ll}+s)['’]?\s+(?:son|sons|daughter|daughters|kid|kids|boy|girl|family|house|place|grandson|nephew|niece|dog)(?![\p{L}])`,
  'gu',
);
// Nouns that follow "Frau"/"Herr" without naming anyone, and noun endings no surname has.
const GERMAN_NOT_A_NAME = String.raw`(?!(?:Richtung|Doktor|Dr|Professor|Professorin|Nachbarin|Nachbar|Pfarrer|Pfarrerin|Polizistin|Kommissarin|Bürgermeisterin|Ministerin|Kollegin|Kollege|Lehrerin|Lehrer|Mutter|Vater|Tochter|Sohn|Kind|Kinder|Hund|Auto|Fahrrad|Polizei|Jugendliche)(?![\p{L}]))(?!\p{Lu}\p{Ll}*(?:ung|heit|keit|schaft|ion|tät|nis|tum)(?![\p{L}]))`;
const GERMAN = new RegExp(
  String.raw`(?<![\p{L}])(?<!(?<![\p{L}])(?:der|die|den|dem|des|ein|eine|einer|einen|einem|jede|jeder|diese|dieser|welche|junge|jungen|alte|alten|ältere|älteren|nette|fremde|fremden|andere|anderen)\s+)` +
    String.raw`(?:Herr|Herrn|Frau|Familie|Fam\.)\s+${GERMAN_NOT_A_NAME}(?<hit>${NAME})`,
  'gu',
);

export function findNamesAfterAddress(text: string): TextSpan[] {
  return [...spansOf(text, ENGLISH), ...spansOf(text, FAMILY), ...spansOf(text, GERMAN)];
}
