/** A stretch of the folded text to replace, and the token that replaces it. */
export interface RedactionSpan {
  readonly start: number;
  readonly end: number;
  readonly token: string;
}

/** Every match of a global pattern as a span (a capture group named "redact" narrows it). */
export function spansOf(text: string, pattern: RegExp, token: string): RedactionSpan[] {
  const spans: RedactionSpan[] = [];
  for (const match of text.matchAll(pattern)) {
    const narrowed = match.groups?.redact;
    const start = match.index + (narrowed === undefined ? 0 : match[0].indexOf(narrowed));
    const length = narrowed ?? match[0];
    if (length.length > 0) spans.push({ start, end: start + length.length, token });
  }
  return spans;
}

/**
 * Joins overlapping spans into one, so no fragment of either survives; the joined span
 * takes the token of the span listed first (the caller lists kinds most specific first).
 */
export function mergeOverlapping(
  spansByPriority: readonly (readonly RedactionSpan[])[],
): RedactionSpan[] {
  const ranked = spansByPriority.flatMap((spans, rank) => spans.map((span) => ({ span, rank })));
  ranked.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const merged: { start: number; end: number; token: string; rank: number }[] = [];
  for (const { span, rank } of ranked) {
    const last = merged.at(-1);
    if (last !== undefined && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      if (rank < last.rank) Object.assign(last, { token: span.token, rank });
    } else {
      merged.push({ ...span, rank });
    }
  }
  return merged.map(({ start, end, token }) => ({ start, end, token }));
}
