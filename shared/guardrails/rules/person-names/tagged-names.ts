import nlp from 'compromise/two';
import type { TextSpan } from '../../spans.js';
import { isPlaceWord, isPublicOrPlace } from './name-context.js';
import { capitalisedTokens } from './name-tokens.js';
import { isKnownWord } from './name-words.js';

/**
 * English names no list knows ("Brayden Okafor said …"): compromise's #Person tagger, which
 * reads the words around a capitalised word. Its parse costs about a millisecond per call
 * (measured here, 2026-12), so it runs only on a sentence that has a capitalised word
 * neither the lexicon nor our lists know, past the sentence's first word; lexicon names are
 * found without it (given-names.ts).
 */

const SENTENCE = /[^.!?\n]+[.!?]*/gu;
const OFFICES =
  /^(?:Mayor|Premier|Minister|President|Officer|Constable|Sergeant|Detective|Chief|Mr|Mrs|Ms|Dr|Miss)\.?$/u;

interface Offset {
  text: string;
  offset: { start: number; length: number };
}

export function findTaggedNames(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const sentence of text.matchAll(SENTENCE)) {
    if (!hasUnknownCapitalisedWord(sentence[0])) continue;
    const found = nlp(sentence[0]).match('#Person+').out('offset') as Offset[];
    for (const { text: name, offset } of found) {
      const words = name.split(/\s+/u).filter((word) => !OFFICES.test(word));
      if (words.length === 0) continue;
      const start = sentence.index + offset.start;
      const end = start + offset.length;
      if (!isPublicOrPlace(text, start, end)) spans.push({ start, end });
    }
  }
  return spans;
}

// "on Hastings", "near East Pender", "off Commercial": a capitalised word after these is a place.
const PLACE_PREPOSITION_BEFORE =
  /(?:^|[^\p{L}])(?:on|near|along|off|onto|down|up|across|past|outside|behind|toward|towards|into|via|East|West|North|South|E\.|W\.|N\.|S\.)\s+$/u;

function hasUnknownCapitalisedWord(sentence: string): boolean {
  const firstWord = /\p{L}/u.exec(sentence)?.index ?? 0;
  return capitalisedTokens(sentence).some(
    (token) =>
      token.start > firstWord &&
      !isKnownWord(token.word) &&
      !isPlaceWord(token.word) &&
      !PLACE_PREPOSITION_BEFORE.test(sentence.slice(Math.max(0, token.start - 10), token.start)) &&
      !isPublicOrPlace(sentence, token.start, token.end),
  );
}
