import type { HoldRule } from '../observations/kinds.js';

/** A part of a text that a rule matched: [start, end) in UTF-16 code units. */
export interface GuardrailFinding {
  rule: HoldRule;
  start: number;
  end: number;
}

export interface GuardrailResult {
  /** Whether the text must wait for a moderator (any finding holds it). */
  held: boolean;
  /** The rules that matched, each once, in HOLD_RULES order. */
  rules: HoldRule[];
  findings: GuardrailFinding[];
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;

/**
 * The guardrails on a report's free text, the same on the server (which enforces them) and in
 * the form (which explains them before sending). Ground work: e-mail addresses only; the full
 * rule set (phone numbers, plates, addresses, names, handles, targeting language) replaces it.
 */
export function checkReportText(text: string): GuardrailResult {
  const findings: GuardrailFinding[] = [...text.matchAll(EMAIL)].map((match) => ({
    rule: 'email_address' as const,
    start: match.index,
    end: match.index + match[0].length,
  }));
  const rules = [...new Set(findings.map((finding) => finding.rule))];
  return { held: findings.length > 0, rules, findings };
}
