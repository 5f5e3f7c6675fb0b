import type { KnownStatus } from '../incidents/incident-create-prepare.js';
import type { ResponsePlan } from './response-plan.js';

/**
 * Where a past incident of the demo stands now: its response's plan run from when it occurred.
 * Resolved once cleared, responding once dispatched, dated then; an incident too recent for
 * either is still open (its response only received).
 */
export function demoStatus(
  occurredAt: Date,
  plan: ResponsePlan,
  now: Date,
): KnownStatus | undefined {
  const at = (step: string) => {
    const planned = plan.steps.find((s) => s.step === step);
    return planned ? new Date(occurredAt.getTime() + planned.afterMs) : undefined;
  };
  const clearedAt = at('cleared');
  if (clearedAt && clearedAt <= now) return { status: 'resolved', since: clearedAt.toISOString() };
  const dispatchedAt = at('dispatched');
  if (dispatchedAt && dispatchedAt <= now) {
    return { status: 'responding', since: dispatchedAt.toISOString() };
  }
  return undefined;
}
