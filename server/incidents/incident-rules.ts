import { findCategory, type PublicPolicy } from '../../shared/categories.js';
import type { IncidentCreate } from '../../shared/schemas/incident.js';
import { InvalidRequestError } from '../errors.js';

/** A client that may write: its id scopes idempotency keys, its name is the incident source. */
export interface Author {
  keyId: string;
  source: string;
}

// Clocks of CAD systems drift; a report dated further ahead than this is a mistake.
const MAX_FUTURE_MS = 5 * 60 * 1000;

export function policyOf(category: string): PublicPolicy {
  const found = findCategory(category);
  if (!found) throw new InvalidRequestError(`unknown category "${category}"`);
  return found.policy;
}

/** Defaults and checks the two times; stored at millisecond precision, as clients see them. */
export function normaliseTimes(
  input: Pick<IncidentCreate, 'occurredAt' | 'reportedAt'>,
  now: Date,
): { occurredAt: string; reportedAt: string } {
  const reportedAt = input.reportedAt ? new Date(input.reportedAt) : now;
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : reportedAt;
  if (reportedAt.getTime() > now.getTime() + MAX_FUTURE_MS) {
    throw new InvalidRequestError('reportedAt lies in the future');
  }
  if (occurredAt.getTime() > reportedAt.getTime() + MAX_FUTURE_MS) {
    throw new InvalidRequestError('occurredAt lies after reportedAt');
  }
  return { reportedAt: reportedAt.toISOString(), occurredAt: occurredAt.toISOString() };
}
