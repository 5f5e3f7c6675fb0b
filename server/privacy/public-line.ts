import { checkReportText } from '../../shared/guardrails/check-text.js';
import { PERSONAL_DATA_RULES, type HoldRule } from '../../shared/observations/kinds.js';
import createError from '@fastify/error';

/** Public lines staff write must not name or locate a person (shared/guardrails). */
export const PersonalDataError = createError<[string]>(
  'personal_data',
  'The public text holds personal data (%s); rephrase it without it',
  400,
);

/**
 * An appeal, its thanks and a moderator's note are public lines written by staff: they may ask
 * what was seen, but must not name, contact or locate a person, so the personal-data rules are
 * refused outright rather than held (no moderator stands between a dispatcher and the map).
 */
const REFUSED: ReadonlySet<HoldRule> = new Set(PERSONAL_DATA_RULES);

export function assertNoPersonalData(text: string): void {
  const found = checkReportText(text).rules.filter((rule) => REFUSED.has(rule));
  if (found.length > 0) throw new PersonalDataError(found.join(', '));
}
