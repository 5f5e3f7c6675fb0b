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

function isCandidate(text: string, token: NameToken): boolean {
  const before = text.slice(Math.max(0, token.start - 12), token.start);
  return (
    !SENTENCE_START.test(before) &&
    !isKnownWord(token.word) &&
    !isPlaceWord(token.word) &&
    !PLACE_PREPOSITION_BEFORE.test(before) &&
    !isPublicOrPlace(text, token.start, token.end)
  );
}

/** A few words either side of each candidate, within its sentence, overlapping ones merged. */
function windows(text: string, candidates: readonly NameToken[]): TextSpan[] {
  const merged: TextSpan[] = [];
  for (const token of candidates) {
    const start = wordStartAtOrBefore(text, Math.max(0, token.start - WINDOW_REACH), token.start);
    const end = wordEndAtOrAfter(text, Math.min(text.length, token.end + WINDOW_REACH), token.end);
    const last = merged.at(-1);
    if (last !== undefined && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged.slice(0, MAX_WINDOWS);
}

function wordStartAtOrBefore(text: string, from: number, limit: number): number {
  const sentenceStart = Math.max(
    ...['.', '!', '?', '\n'].map((mark) => text.lastIndexOf(mark, limit - 1)),
  );
  let start = Math.max(from, sentenceStart + 1);
  while (start > 0 && start > sentenceStart + 1 && /\S/u.test(text[start - 1] ?? '')) start -= 1;
  return start;
}

function wordEndAtOrAfter(text: string, to: number, limit: number): number {
  const stops = ['.', '!', '?', '\n']
    .map((mark) => text.indexOf(mark, limit))
    .filter((index) => index >= 0);
  let end = Math.min(to, ...stops.map((index) => index + 1));
  while (end < text.length && /\S/u.test(text[end] ?? '') && !stops.includes(end - 1)) end += 1;
  return end;
}
