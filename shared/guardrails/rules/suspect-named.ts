import { overlaps, type TextSpan } from '../spans.js';

/**
 * Naming someone as the one who did it: "it was Jake who …", "the thief is definitely
 * Marcus", "Kevin Walsh is the one …", "der Täter ist Kevin", "Es war Marco, der …", "Ich
 * weiß genau, dass Niklas …". An accusation is held even when the name itself might pass,
 * because a wrongly named man is the field's best-known failure. A frame counts when a
 * name (person-names.ts) follows it closely in the same sentence, or precedes "is the one".
 */

const REACH = 50;
const CULPRITS =
  'thief|thieves|culprit|culprits|vandal|vandals|shooter|burglar|burglars|dealer|dealers|attacker|perpetrator|robber|arsonist|tagger|guy|guys|person|man|woman|kid|kids|one|ones|people';
const FRAMES_BEFORE_NAME = [
  // "it was", "it's", "it is", "was it not"
  /(?<![\p{L}])it(?:\s+was|\s+is|['’]s|\s+has\s+to\s+be|\s+must\s+be)(?![\p{L}])/giu,
  new RegExp(
    `(?<![\\p{L}])the\\s+(?:${CULPRITS})(?:\\s+responsible|\\s+who\\s+did\\s+(?:it|this|that))?\\s+(?:is|was|are|were)(?![\\p{L}])`,
    'giu',
  ),
  /(?<![\p{L}])(?:der|die)\s+(?:Täter|Täterin|Täter:innen|Dieb|Diebin|Diebe|Schuldige|Schuldigen|Verantwortliche|Verantwortlichen|Einbrecher|Schläger|Dealer|Brandstifter|Sprayer|Vandale)\s+(?:ist|war|sind|waren)(?![\p{L}])/giu,
  /(?<![\p{L}])(?:es|das)\s+war(?:en)?(?![\p{L}])/giu,
  /(?<![\p{L}])schuld\s+(?:ist|sind|war|waren|hat|haben)(?![\p{L}])/giu,
  /(?<![\p{L}])(?:weiß|weiss|wissen|wusste|sicher|bestimmt|garantiert|klar|know|sure|certain|obvious|obviously)[^.!?\n]{0,20}?,?\s+(?:dass|that)(?![\p{L}])/giu,
];
const AFTER_NAME =
  /^(?:['’]s)?\s+(?:is|was|are|were)\s+(?:the\s+one|the\s+ones|behind|responsible|the\s+(?:thief|culprit|vandal|shooter|guy|person))|^(?:['’]s)?\s+did\s+(?:it|this|that)|^\s+(?:war\s+es|war\s+das|ist\s+der\s+Täter|ist\s+schuld|hat\s+es\s+getan)(?![\p{L}])/iu;
// "It was Lisa Park who …": capitalised words and "who" make a person even unlisted.
const WHO_AFTER_CAPITALISED =
  /^\s+(?:the\s+)?(?:\p{Lu}\p{Ll}+['’]?s?\s+){1,3}(?:who|that|der|die)(?![\p{L}])/u;
const SENTENCE_END = /[.!?\n]/u;

export function findSuspectsNamed(text: string, names: readonly TextSpan[]): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const frame of FRAMES_BEFORE_NAME) {
    for (const match of text.matchAll(frame)) {
      const start = match.index;
      const end = start + match[0].length;
      const name = names.find(
        (span) =>
          span.start >= end &&
          span.start <= end + REACH &&
          !SENTENCE_END.test(text.slice(end, span.start)),
      );
      if (name !== undefined) spans.push({ start, end: name.end });
      else {
        const who = WHO_AFTER_CAPITALISED.exec(text.slice(end, end + 80));
        if (who !== null) spans.push({ start, end: end + who[0].length });
      }
    }
  }
  for (const name of names) {
    const after = AFTER_NAME.exec(text.slice(name.end, name.end + 40));
    if (after !== null) spans.push({ start: name.start, end: name.end + after[0].length });
  }
  return dedupe(spans);
}

function dedupe(spans: TextSpan[]): TextSpan[] {
  return spans.filter(
    (span, index) => !spans.slice(0, index).some((earlier) => overlaps(earlier, span)),
  );
}
