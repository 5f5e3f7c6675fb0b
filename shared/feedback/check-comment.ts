import { checkReportText, type GuardrailOptions } from '../guardrails/check-text.js';
import { findOfficersNamed } from '../guardrails/rules/officer-named.js';
import { FEEDBACK_HOLD_RULES, type FeedbackHoldRule } from './hold-rules.js';

export { FEEDBACK_HOLD_RULES, type FeedbackHoldRule };

export interface FeedbackFinding {
  rule: FeedbackHoldRule;
  start: number;
  end: number;
}

export interface FeedbackCommentCheck {
  held: boolean;
  /** The rules that matched, each once, in FEEDBACK_HOLD_RULES order. */
  rules: FeedbackHoldRule[];
  findings: FeedbackFinding[];
}

/**
 * The guardrails on a feedback comment, the same on the server (which holds the comment) and
 * in the form (which says why before sending). Any finding holds it; nothing is dropped.
 */
export function checkFeedbackComment(
  text: string,
  options: GuardrailOptions = {},
): FeedbackCommentCheck {
  const report = checkReportText(text, options);
  const officers = findOfficersNamed(text).map((span) => ({
    rule: 'officer_named' as const,
    ...span,
  }));
  // The report check raises text rules only (never anti_targeting nor flagged).
  const textFindings = report.findings as FeedbackFinding[];
  const findings: FeedbackFinding[] = [...textFindings, ...officers].sort(
    (a, b) => a.start - b.start,
  );
  const matched = new Set<FeedbackHoldRule>(findings.map((finding) => finding.rule));
  const rules = FEEDBACK_HOLD_RULES.filter((rule) => matched.has(rule));
  return { held: rules.length > 0, rules, findings };
}
