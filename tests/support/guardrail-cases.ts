import { expect } from 'vitest';
import { checkReportText, type GuardrailLanguage } from '../../shared/guardrails/check-text.js';
import type { HoldRule } from '../../shared/observations/kinds.js';

/** What a rule matched in a text, as the text's own words: "phone_number:604-555-0187". */
export function matchedParts(text: string, lang?: GuardrailLanguage): string[] {
  const result = checkReportText(text, lang === undefined ? {} : { lang });
  return result.findings.map(
    (finding) => `${finding.rule}:${text.slice(finding.start, finding.end)}`,
  );
}

/** Each text must be held by `rule`, and the finding must cover `part` when given. */
export function expectHeldBy(rule: HoldRule, cases: readonly (readonly [string, string?])[]): void {
  for (const [text, part] of cases) {
    const result = checkReportText(text);
    expect(result.rules, text).toContain(rule);
    if (part !== undefined) {
      const parts = matchedParts(text).filter((found) => found.startsWith(`${rule}:`));
      expect(
        parts.some((found) => found.includes(part)),
        `${text}: ${parts.join(' | ')}`,
      ).toBe(true);
    }
  }
}

/** Each text must not raise `rule` (or any rule, when `rule` is undefined). */
export function expectNotHeldBy(rule: HoldRule | undefined, texts: readonly string[]): void {
  for (const text of texts) {
    const result = checkReportText(text);
    if (rule === undefined) expect(matchedParts(text), text).toEqual([]);
    else expect(result.rules, `${text}: ${matchedParts(text).join(' | ')}`).not.toContain(rule);
  }
}
