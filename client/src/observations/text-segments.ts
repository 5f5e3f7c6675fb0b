import type { HoldRule } from '../../../shared/observations/kinds.js';
import { REDACTION_MARK } from '../../../shared/schemas/moderation-constants.js';

/** A part of a text, marked with the rule that matched it (null: nothing matched there). */
export interface TextSegment<Rule extends string = HoldRule> {
  text: string;
  rule: Rule | null;
}

export interface TextRange {
  start: number;
  end: number;
}

/** Ranges clipped to the text, sorted, overlapping or touching ones merged. */
export function mergeRanges<R extends TextRange>(ranges: readonly R[], length: number): R[] {
  const clipped = ranges
    .map((range) => ({
      ...range,
      start: Math.max(0, Math.min(range.start, length)),
      end: Math.max(0, Math.min(range.end, length)),
    }))
    .filter((range) => range.end > range.start)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: R[] = [];
  for (const range of clipped) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push(range);
  }
  return merged;
}

/**
 * The text cut into plain and matched parts, in order, for highlighting what a guardrail
 * found (the report form, the moderation queue). Overlapping findings become one part, named
 * after the first.
 */
export function segmentText<Rule extends string = HoldRule>(
  text: string,
  findings: readonly (TextRange & { rule: Rule })[],
): TextSegment<Rule>[] {
  const segments: TextSegment<Rule>[] = [];
  let at = 0;
  for (const finding of mergeRanges(findings, text.length)) {
    if (finding.start > at) segments.push({ text: text.slice(at, finding.start), rule: null });
    segments.push({ text: text.slice(finding.start, finding.end), rule: finding.rule });
    at = finding.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), rule: null });
  return segments;
}

/** The text as it is to be published: each removed range replaced by one […]. */
export function redactText(text: string, removed: readonly TextRange[]): string {
  let out = '';
  let at = 0;
  for (const range of mergeRanges(removed, text.length)) {
    out += text.slice(at, range.start) + REDACTION_MARK;
    at = range.end;
  }
  return out + text.slice(at);
}
