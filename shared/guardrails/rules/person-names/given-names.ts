import type { TextSpan } from '../../spans.js';
import { isPublicOrPlace } from './name-context.js';
import { adjacent, capitalisedTokens } from './name-tokens.js';
import { nameWordKind } from './name-words.js';

/**
 * A given name, with the surname that follows it: "Jessica", "Stefan Krüger", "Gary
 * Thompson". A surname alone ("Koch", "Fischer", "Baker Street") counts only after a form of
 * address (forms-of-address.ts). The same for both languages: names cross languages.
 */
export function findGivenNames(text: string): TextSpan[] {
  const tokens = capitalisedTokens(text);
  const spans: TextSpan[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token === undefined || nameWordKind(token.word) !== 'given') continue;
    if (isPublicOrPlace(text, token.start, token.end)) continue;
    let end = token.end;
    let next = tokens[index + 1];
    while (next !== undefined && adjacent(text, tokens[index] ?? token, next)) {
      // "Stanley Park": a surname that is also a kind of place ends the name as a place.
      if (nameWordKind(next.word) === 'other' || isPublicOrPlace(text, next.start, next.end)) {
        break;
      }
      end = next.end;
      index += 1;
      next = tokens[index + 1];
    }
    if (!isPublicOrPlace(text, token.start, end)) spans.push({ start: token.start, end });
  }
  return spans;
}
