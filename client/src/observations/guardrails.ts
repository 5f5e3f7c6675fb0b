import { loadGuardrails as loadCheck } from '../../../shared/guardrails/load-guardrails.js';

type Check = Awaited<ReturnType<typeof loadCheck>>;
let loading: Promise<Check> | null = null;

/**
 * The server's guardrail check (shared/guardrails), loaded once, the first time someone types:
 * its name finders are large, and a person who only watches the map never downloads them.
 */
export function loadGuardrails(): Promise<Check> {
  loading ??= loadCheck();
  return loading;
}
