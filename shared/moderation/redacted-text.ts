import { REDACTION_MARK } from '../schemas/moderation-constants.js';

/**
 * Whether `redacted` is `original` with one or more parts (each at least one character) replaced
 * by the mark "[…]", and nothing else changed: a moderator may take words out of a report, never
 * put words into a reporter's mouth. Used by the server (which refuses anything else) and by the
 * moderation view (which explains before sending).
 */
export function isRedactionOf(original: string, redacted: string): boolean {
  const kept = redacted.split(REDACTION_MARK);
  if (kept.length < 2) return false;
  const first = kept[0] ?? '';
  const last = kept[kept.length - 1] ?? '';
  if (!original.startsWith(first)) return false;
  // Each mark stands for at least one removed character: the next kept part starts later.
  let position = first.length;
  for (const part of kept.slice(1, -1)) {
    if (part === '') return false;
    const found = original.indexOf(part, position + 1);
    if (found < 0) return false;
    position = found + part.length;
  }
  // The earliest placement of the middle parts leaves the most room for the last one.
  return original.length - last.length >= position + 1 && original.endsWith(last);
}
