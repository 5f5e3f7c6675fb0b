import nlp from 'compromise/two';
import type { TextSpan } from '../../spans.js';
import { isPlaceWord, isPublicOrPlace } from './name-context.js';
import { capitalisedTokens, type NameToken } from './name-tokens.js';
import { isKnownWord } from './name-words.js';

/**
 * English names no list knows ("Then Thaddeus Okafor said …"): compromise's #Person tagger,
 * which reads the words around a capitalised word. A parse costs about a millisecond even
 * for a few words and grows with the text (measured here, 2026-12), so the tagger reads only
 * a window of a few words around each capitalised word that neither compromise's lexicon
 * nor our lists know, past a sentence's first word and not after "on"/"near" (a street);
 * names the lexicon knows are found without it (given-names.ts).
 */

const WINDOW_REACH = 40;
// Past this many windows a text is not a report (a list of words); the lists still apply.
const MAX_WINDOWS = 4;
const SENTENCE_START = /(?:^|[.!?\n]\s*)$/u;
const OFFICES =
  /^(?:Mayor|Premier|Minister|President|Officer|Constable|Sergeant|Detective|Chief|Mr|Mrs|Ms|Dr|Miss)\.?$/u;
// "on Hastings", "near East Pender", "off Commercial": a capitalised word after these is a place.
const PLACE_PREPOSITION_BEFORE =
  /(?:^|[^\p{L}])(?:on|near|along|off|onto|down|up|across|past|outside|behind|toward|towards|into|via|East|West|North|South|E\.|W\.|N\.|S\.)\s+$/u;

interface Offset {
  text: string;
  offset: { start: number; length: number };
}

export function findTaggedNames(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const window of windows(
    text,
    capitalisedTokens(text).filter((t) => isCandidate(text, t)),
  )) {
    const found = nlp(text.slice(window.start, window.end))
      .match('#Person+')
      .out('offset') as Offset[];
    for (const { text: name, offset } of found) {
      if (name.split(/\s+/u).every((word) => OFFICES.test(word))) continue;
      const start = window.start + offset.start;
      const end = start + offset.length;
      if (!isPublicOrPlace(text, start, end)) spans.push({ start, end });
    }
  }
  return spans;
}

// Longer "words" are not names, and compromise reads them slowly.
const MAX_NAME_LENGTH = 30;

function isCandidate(text: string, token: NameToken): boolean {
  const before = text.slice(Math.max(0, token.start - 12), token.start);
  return (
    token.word.length <= MAX_NAME_LENGTH &&
    !SENTENCE_START.test(before) &&
    !isKnownWord(token.word) &&
    !isPlaceWord(token.word) &&
    !PLACE_PREPOSITION_BEFORE.test(before) &&
    !isPublicOrPlace(text, token.start, token.end)
  );
}

/**
 * A few words either side of each candidate, within its sentence, overlapping ones merged.
 * The window cuts at spaces inside its reach, never reaching out to a word's far end: a
 * 200-letter "word" costs compromise dearly.
 */
function windows(text: string, candidates: readonly NameToken[]): TextSpan[] {
  const merged: TextSpan[] = [];
  for (const token of candidates) {
    const start = windowStart(text, token.start);
    const end = windowEnd(text, token.end);
    const last = merged.at(-1);
    if (last !== undefined && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged.slice(0, MAX_WINDOWS);
}

const SENTENCE_MARKS = ['.', '!', '?', '\n'];

function windowStart(text: string, tokenStart: number): number {
  const sentenceStart =
    Math.max(...SENTENCE_MARKS.map((mark) => text.lastIndexOf(mark, tokenStart - 1))) + 1;
  const from = Math.max(sentenceStart, tokenStart - WINDOW_REACH);
  if (from === sentenceStart) return from;
  const space = text.slice(from, tokenStart).search(/\s/u);
  return space < 0 ? tokenStart : from + space + 1;
}

function windowEnd(text: string, tokenEnd: number): number {
  const stops = SENTENCE_MARKS.map((mark) => text.indexOf(mark, tokenEnd)).filter((i) => i >= 0);
  const sentenceEnd = Math.min(text.length, ...stops.map((index) => index + 1));
  const to = Math.min(sentenceEnd, tokenEnd + WINDOW_REACH);
  if (to === sentenceEnd) return to;
  const reach = text.slice(tokenEnd, to);
  const space = Math.max(reach.lastIndexOf(' '), reach.lastIndexOf('\t'));
  return space < 0 ? tokenEnd : tokenEnd + space;
}
