import createError from '@fastify/error';
import type { Violation, ViolationCode } from './timeline-rules.js';

/**
 * The coded errors of a timeline rule (the shape every error answers in: ErrorSchema). A step
 * that contradicts the timeline recorded so far is a conflict (409); one that no timeline
 * could take (dated in the future, officer-initiated on a later step) is unprocessable (422).
 */
const STATUS: Record<ViolationCode, number> = {
  step_in_future: 422,
  officer_initiated_not_first: 422,
  step_out_of_order: 409,
  step_before_previous: 409,
  step_after_next: 409,
  step_after_cleared: 409,
  duplicate_step: 409,
  bad_supersedes: 409,
};

const errors = new Map(
  Object.entries(STATUS).map(([code, status]) => [
    code,
    createError<[string]>(code.toUpperCase(), '%s', status),
  ]),
);

export function timelineError(violation: Violation): Error {
  const ErrorOfCode = errors.get(violation.code);
  if (!ErrorOfCode) throw new Error(`no error for ${violation.code}`);
  return new ErrorOfCode(violation.message);
}
