import nlp from 'compromise/two';
import { FIRST_NAMES } from '../../data/first-names.js';
import { SURNAMES } from '../../data/surnames.js';

/**
 * What a capitalised word is, as far as names go: a given name, a surname, or neither.
 * English names come from compromise's lexicon (about 3,000 given names and 700 surnames,
 * the same knowledge its #Person tagger starts from), German and international ones from
 * our lists; compromise's places and organisations ("Hastings", "Safeway") are not names.
 */
export type NameWordKind = 'given' | 'surname' | 'other';

type LexiconTag = string | string[];
interface CompromiseWorld {
  model: { one: { lexicon: Record<string, LexiconTag | undefined> } };
}
const LEXICON = (nlp.world() as CompromiseWorld).model.one.lexicon;
const GIVEN_TAGS = new Set(['MaleName', 'FemaleName', 'FirstName', 'Person']);
const NOT_A_NAME_TAGS = new Set(['Place', 'Organization', 'Country', 'City', 'Region']);

// Given names that are ordinary words or places in reports, whatever a lexicon says.
const NEVER_GIVEN = new Set(
  (
    'May June April August Will Hope Grace Rose Joy Faith Victoria Jordan Georgia Florence ' +
    'Grant Chase Hunter Crystal Milan Regina Marina Santiago Sky Summer Autumn Dawn Bill ' +
    'Art Sunny Rich Ernst Heide Kai Wolf Mark Holly Ivy Page Lane Dale Glen Guy ' +
    'Royal Sterling Major Bob Pat Don Ray Rob Sue Price ' +
    'Harley Mercedes Porsche Tesla Rover Cherry Olive Amber Jade Ruby Pearl Ginger Iris Lily ' +
    'Basil Sandy Rocky Buck Doc Van Hugo Lidl Aldi Rewe Edeka'
  ).split(' '),
);

function lexiconTags(word: string): string[] {
  const tags = LEXICON[word.toLowerCase()];
  if (tags === undefined) return [];
  return Array.isArray(tags) ? tags : [tags];
}

export function nameWordKind(word: string): NameWordKind {
  if (NEVER_GIVEN.has(word)) return 'other';
  if (FIRST_NAMES.has(word)) return 'given';
  const tags = lexiconTags(word);
  if (tags.some((tag) => NOT_A_NAME_TAGS.has(tag))) return 'other';
  if (tags.some((tag) => GIVEN_TAGS.has(tag))) return 'given';
  if (SURNAMES.has(word) || tags.includes('LastName')) return 'surname';
  return 'other';
}

/** Whether compromise's lexicon knows the word at all (an unknown capitalised word may be a name). */
export function isKnownWord(word: string): boolean {
  return LEXICON[word.toLowerCase()] !== undefined || FIRST_NAMES.has(word) || SURNAMES.has(word);
}
