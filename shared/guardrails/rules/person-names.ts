import type { GuardrailLanguage } from '../language.js';
import type { TextSpan } from '../spans.js';
import { findNamesAfterAddress } from './person-names/forms-of-address.js';
import { findGivenNames } from './person-names/given-names.js';
import { findIntroducedNames } from './person-names/introduced-names.js';
import { findTaggedNames } from './person-names/tagged-names.js';

/**
 * Named private persons. Both languages share the given-name lists, forms of address and
 * introduced names ("called", "namens"); English adds compromise's tagger for names no list
 * knows. German cannot use a capitalisation-based tagger (every noun is capitalised), so its
 * equal strength comes from the lists and the German patterns.
 */
export function findPersonNames(text: string, languages: readonly GuardrailLanguage[]): TextSpan[] {
  return [
    ...findGivenNames(text),
    ...findNamesAfterAddress(text),
    ...findIntroducedNames(text),
    ...(languages.includes('en') ? findTaggedNames(text) : []),
  ];
}
