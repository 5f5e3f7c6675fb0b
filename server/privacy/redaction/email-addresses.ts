import { anyCaseWords } from './any-case.js';
import { spansOf, type RedactionSpan } from './spans.js';

// Local part: letters, digits and every RFC 5322 "atext" symbol, including / = ? & (so an
// address inside a URL takes the URL's path with it: better than leaving "/@example.org"),
// https://www.rfc-editor.org/rfc/rfc5322#section-3.2.3. At most 64 characters (RFC 5321's
// limit), which also keeps the scan linear on long words.
// The "@" may be percent-encoded in a link ("jdoe%40example.com") or an HTML entity. The last
// label holds a letter, so "maps/@49.2827,-123.1207" is a map link, not an address; an
// address at an IP literal ("jdoe@192.0.2.1") is matched on its own.
const AT = '(?:@|%40|&#0*64;|&#[xX]0*40;|&commat;)';
const EMAIL = new RegExp(
  `[\\p{L}\\p{M}\\p{N}.!#$%&'*+/=?^_\`{|}~-]{1,64}${AT}` +
    `(?:[\\p{L}\\p{M}\\p{N}-]+(?:\\.[\\p{L}\\p{M}\\p{N}-]+)*\\.[\\p{L}\\p{M}\\p{N}-]*\\p{L}[\\p{L}\\p{M}\\p{N}-]*` +
    `|\\[?\\d{1,3}(?:\\.\\d{1,3}){3}\\]?)`,
  'gu',
);

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
// "john dot doe at …", "john[dot]doe[at]…": the local part hides its dots too.
const DOTTED_LOCAL = `${LOCAL}(?:(?:${OBFUSCATED_DOT})${LOCAL}){0,4}`;
const DOMAIN = `${LABEL}(?:(?:${ANY_DOT}|${SPACED_DOT})${LABEL})*(?:${ANY_DOT}|${SPACED_DOT})${TOP_LEVEL}`;

const BRACKETED_AT_ADDRESS = new RegExp(
  `(?<![\\p{L}\\p{N}._%+-])${DOTTED_LOCAL}${BRACKETED_AT}${DOMAIN}`,
  'gu',
);
const WORD_AT_ADDRESS = new RegExp(
  `(?<![\\p{L}\\p{N}._%+-])(?<local>${DOTTED_LOCAL})${WORD_AT}` +
    `(?<domain>${LABEL}(?:${ANY_DOT}${LABEL})*${ANY_DOT}${TOP_LEVEL})`,
  'gu',
);
const HAS_OBFUSCATED_DOT = new RegExp(OBFUSCATED_DOT, 'u');
// "report it online at police.uk": words that come before " at " and a website, not a
// mailbox, when the dots are real.
const NOT_A_MAILBOX =
  /^(?:online|report|reported|it|us|them|visit|visited|found|seen|posted|available|appeal|more|details|information|website|site|page|here|there|anonymously|call|calls|contact|online|unter|auf|bei|uns)$/iu;

// "jane.doe@example": no deliverable address, but the mailbox is in it.
const WITHOUT_TOP_LEVEL = new RegExp(
  `(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]*\\p{L}[\\p{L}\\p{N}._%+-]*${AT}[\\p{L}\\p{N}-]*\\p{L}[\\p{L}\\p{N}-]*`,
  'gu',
);

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
