import type { PublicAppeal } from '../../../shared/schemas/appeal.js';

/** The appeal an incident's public feature carries (`appeal`), if any and well formed. */
export function appealOf(properties: object): PublicAppeal | null {
  const appeal = (properties as { appeal?: unknown }).appeal;
  if (!appeal || typeof appeal !== 'object') return null;
  const candidate = appeal as Partial<PublicAppeal>;
  if (typeof candidate.id !== 'string' || typeof candidate.text !== 'string') return null;
  if (candidate.state !== 'open' && candidate.state !== 'closed') return null;
  return appeal as PublicAppeal;
}

/** An appeal past its `until` is no longer answered, even before dispatch closes it. */
export function acceptsTips(appeal: PublicAppeal, nowMs: number): boolean {
  return appeal.state === 'open' && Date.parse(appeal.until) > nowMs;
}
