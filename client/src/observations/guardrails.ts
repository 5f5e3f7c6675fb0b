import type { GuardrailResult } from '../../../shared/guardrails/check-text.js';

type Check = (text: string) => GuardrailResult;
let loading: Promise<Check> | null = null;

/**
 * The server's guardrail check (shared/guardrails), loaded the first time someone types: its
 * name finders are large, and a person who only watches the map never downloads them.
 */
export function loadGuardrails(): Promise<Check> {
  loading ??= import('../../../shared/guardrails/check-text.js').then(
    (module) => module.checkReportText,
  );
  return loading;
}
