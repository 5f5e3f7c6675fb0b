import { anyCaseWords } from './any-case.js';
import { spansOf, type RedactionSpan } from './spans.js';

// Local part: letters, digits and every RFC 5322 "atext" symbol, including / = ? & (so an
// address inside a URL takes the URL's path with it: better than leaving "/@example.org"),
// https://www.rfc-editor.org/rfc/rfc5322#section-3.2.3. At most 64 characters (RFC 5321's
// limit), which also keeps the scan linear on long words.
const EMAIL =
  /[\p{L}\p{M}\p{N}.!#$%&'*+/=?^_`{|}~-]{1,64}@[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)+/gu;

// Addresses written to dodge harvesters: "name(at)example(dot)com", "name [at] example
// [dot] com", "name at example dot com", "name(ät)beispiel(punkt)de", "name at example.com",
// "name @ example . com".
const AT_WORD = anyCaseWords(['at', 'ät']);
const DOT_WORD = anyCaseWords(['dot', 'punkt']);
const LOCAL = String.raw`[\p{L}\p{N}._%+-]{1,64}`;
const LABEL = String.raw`[\p{L}\p{N}-]{1,63}`;
const TOP_LEVEL = String.raw`(?:\p{Ll}{2,24}|\p{Lu}{2,24})(?![\p{L}\p{N}])`;
const BRACKETED_AT = String.raw`(?:\s*[(\[{<]\s*(?:${AT_WORD}|@)\s*[)\]}>]\s*|\s+@\s*|\s*@\s+)`;
const WORD_AT = String.raw`\s+${AT_WORD}\s+`;
const BRACKETED_DOT = String.raw`\s*[(\[{<]\s*(?:${DOT_WORD}|\.)\s*[)\]}>]\s*`;
// " . " ends a sentence as often as it hides an address: only after a bracketed "@".
const SPACED_DOT = String.raw`(?:\s+\.\s*|\s*\.\s+)`;
const WORD_DOT = String.raw`\s+${DOT_WORD}\s+`;
const ANY_DOT = `(?:${BRACKETED_DOT}|${WORD_DOT}|\\.)`;
const OBFUSCATED_DOT = `(?:${BRACKETED_DOT}|${WORD_DOT})`;
const DOMAIN = `${LABEL}(?:(?:${ANY_DOT}|${SPACED_DOT})${LABEL})*(?:${ANY_DOT}|${SPACED_DOT})${TOP_LEVEL}`;

const BRACKETED_AT_ADDRESS = new RegExp(
  `(?<![\\p{L}\\p{N}._%+-])${LOCAL}${BRACKETED_AT}${DOMAIN}`,
  'gu',
);
const WORD_AT_ADDRESS = new RegExp(
  `(?<![\\p{L}\\p{N}._%+-])(?<local>${LOCAL})${WORD_AT}` +
    `(?<domain>${LABEL}(?:${ANY_DOT}${LABEL})*${ANY_DOT}${TOP_LEVEL})`,
  'gu',
);
const HAS_OBFUSCATED_DOT = new RegExp(OBFUSCATED_DOT, 'u');
// "report it online at police.uk": words that come before " at " and a website, not a
// mailbox, when the dots are real.
const NOT_A_MAILBOX =
  /^(?:online|report|reported|it|us|them|visit|visited|found|seen|posted|available|appeal|more|details|information|website|site|page|here|there|anonymously|call|calls|contact|online|unter|auf|bei|uns)$/iu;

// "jane.doe@example": no deliverable address, but the mailbox is in it.
const WITHOUT_TOP_LEVEL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]*\p{L}[\p{L}\p{N}._%+-]*@[\p{L}\p{N}-]*\p{L}[\p{L}\p{N}-]*/gu;

export function findEmailAddresses(text: string, token: string): RedactionSpan[] {
  return [
    ...spansOf(text, EMAIL, token),
    ...spansOf(text, WITHOUT_TOP_LEVEL, token),
    ...spansOf(text, BRACKETED_AT_ADDRESS, token),
    ...wordAtAddresses(text, token),
  ];
}

function wordAtAddresses(text: string, token: string): RedactionSpan[] {
  const spans: RedactionSpan[] = [];
  for (const match of text.matchAll(WORD_AT_ADDRESS)) {
    const { local = '', domain = '' } = match.groups ?? {};
    if (!HAS_OBFUSCATED_DOT.test(domain) && NOT_A_MAILBOX.test(local)) continue;
    spans.push({ start: match.index, end: match.index + match[0].length, token });
  }
  return spans;
}
