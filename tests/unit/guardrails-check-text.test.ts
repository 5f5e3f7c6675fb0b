import { describe, expect, it } from 'vitest';
import { checkReportText, TEXT_HOLD_RULES } from '../../shared/guardrails/check-text.js';
import { HOLD_RULES } from '../../shared/observations/kinds.js';

describe('checkReportText: the result the server stores and the form explains', () => {
  const text =
    'Call 604-555-0187. Our neighbour Gary Thompson at 1457 Maple Street did it, share this until he is caught!';
  const result = checkReportText(text);

  it('holds, naming each rule once in HOLD_RULES order', () => {
    expect(result.held).toBe(true);
    expect(result.rules).toEqual(HOLD_RULES.filter((rule) => result.rules.includes(rule)));
    expect(new Set(result.rules).size).toBe(result.rules.length);
    expect(result.rules).toEqual(
      expect.arrayContaining(['phone_number', 'street_address', 'person_name', 'call_to_action']),
    );
  });

  it('gives findings in text order whose offsets cut out the matched words', () => {
    const starts = result.findings.map((finding) => finding.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const parts = result.findings.map((f) => `${f.rule}:${text.slice(f.start, f.end)}`);
    expect(parts).toContain('phone_number:604-555-0187');
    expect(parts).toContain('person_name:Gary Thompson');
    expect(parts).toContain('street_address:1457 Maple Street');
    for (const finding of result.findings) {
      expect(TEXT_HOLD_RULES).toContain(finding.rule);
      expect(finding.end).toBeGreaterThan(finding.start);
    }
  });

  it('passes a clean report with no findings', () => {
    expect(checkReportText('A person ran east after the window broke at 10:45.')).toEqual({
      held: false,
      rules: [],
      findings: [],
    });
    expect(checkReportText('')).toEqual({ held: false, rules: [], findings: [] });
  });

  it('reports an e-mail address once, not also as a handle', () => {
    const found = checkReportText('write to janet.k@example.org');
    expect(found.findings).toEqual([{ rule: 'email_address', start: 9, end: 28 }]);
  });

  it('takes the form’s language when given and reads it from the words otherwise', () => {
    // Without a hint a short mixed text is checked with both rule sets.
    expect(checkReportText('Kevin!').rules).toEqual(['person_name']);
    expect(checkReportText('Kevin!', { lang: 'de' }).rules).toEqual(['person_name']);
    expect(checkReportText('Kevin!', { lang: 'en' }).rules).toEqual(['person_name']);
  });

  it('stays fast on hostile 500-character texts (no pathological backtracking)', () => {
    const hostile = [
      'a'.repeat(120) + ' @' + '_'.repeat(120) + ' 1'.repeat(120) + ' Kennzeichen ',
      'Aa '.repeat(170),
      'a.'.repeat(250),
      '1-'.repeat(250),
      'plate '.repeat(85),
      'AB1 '.repeat(125),
      'x@'.repeat(250),
    ].map((text) => text.slice(0, 500));
    for (const text of hostile) {
      const started = performance.now();
      checkReportText(text);
      // Generous: the machine is shared; catastrophic backtracking takes seconds.
      expect(performance.now() - started, text.slice(0, 20)).toBeLessThan(250);
    }
  });
});
