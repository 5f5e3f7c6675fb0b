import type { Random } from '../../shared/random.js';
import type { KnownStatus } from '../incidents/incident-create-prepare.js';
import { responseTimeline } from './simulator-model.js';

/**
 * Where a past incident of the demo stands now: the response it would have had (the simulator's
 * timeline for its priority, in real time) run from when it occurred. Responding or resolved
 * once that time has passed, dated then; an incident too recent for either is still open.
 */
export function demoStatus(
  occurredAt: Date,
  priority: number,
  now: Date,
  random: Random,
): KnownStatus | undefined {
  const timeline = responseTimeline(priority, random);
  const at = (afterMs: number) => new Date(occurredAt.getTime() + afterMs);
  const resolvedAt = at(timeline.resolvedAfterMs);
  if (resolvedAt <= now) return { status: 'resolved', since: resolvedAt.toISOString() };
  const respondingAt = at(timeline.respondingAfterMs);
  if (respondingAt <= now) return { status: 'responding', since: respondingAt.toISOString() };
  return undefined;
}
