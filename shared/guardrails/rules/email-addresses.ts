import { spansOf, type TextSpan } from '../spans.js';

/**
 * E-mail addresses, also written to dodge a filter: "name [at] host.de", "name (at) host dot
 * com", "r.ortiz at gmail dot com". A plain " at " counts only with a dotted domain or "dot"
 * after it, so "bangs at 10:45" and "someone at the bus. Then" stay clean.
 */

// The "@" also as a URL escape, an HTML entity or a full-width sign.
const PLAIN =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+(?:@|%40|&#64;|＠)[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
// Starting only where a word starts keeps a run like "a.a.a.a…" linear, not quadratic.
const LOCAL = String.raw`(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+`;
const LABEL = String.raw`[\p{L}\p{N}-]+`;
const DOT = String.raw`(?:\s*[[({]\s*(?:dot|punkt)\s*[\])}]\s*|\s+(?:dot|punkt)\s+|\.)`;
const BRACKETED_AT = new RegExp(
  String.raw`${LOCAL}\s*[[({<]\s*(?:at|ät|@)\s*[\])}>]\s*${LABEL}(?:${DOT}${LABEL})+`,
  'giu',
);
const SPELLED_AT = new RegExp(
  String.raw`${LOCAL}\s+(?:at|ät)\s+${LABEL}(?:\s+(?:dot|punkt)\s+|\s*[[({]\s*(?:dot|punkt)\s*[\])}]\s*)` +
    String.raw`\p{L}{2,}|${LOCAL}\s+(?:at|ät)\s+${LABEL}\.(?:com|net|org|de|ca|uk|co\.uk|io|info|eu|at|ch)(?![\p{L}])`,
  'giu',
);

export function findEmailAddresses(text: string): TextSpan[] {
  return [...spansOf(text, PLAIN), ...spansOf(text, BRACKETED_AT), ...spansOf(text, SPELLED_AT)];
}
