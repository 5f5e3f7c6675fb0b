/** A part of a text: [start, end) in UTF-16 code units. */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * The spans a global pattern matches. A named group `hit` narrows the span to the part that
 * is the personal data ("plate [ABC 123]"), so the form can mark just that part.
 */
export function spansOf(text: string, pattern: RegExp): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    const hit = match.groups?.['hit'];
    if (hit !== undefined) {
      const start = match.index + match[0].indexOf(hit);
      spans.push({ start, end: start + hit.length });
    } else if (match[0].length > 0) {
      spans.push({ start: match.index, end: match.index + match[0].length });
    }
  }
  return spans;
}

/** Words as a regex alternation, longest first, each escaped: "St." must not match "St". */
export function wordsPattern(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'))
    .join('|');
}

export function overlaps(a: TextSpan, b: TextSpan): boolean {
  return a.start < b.end && b.start < a.end;
}
