import { RESPONSE_STEPS, type ResponseStep } from '../../shared/schemas/response-constants.js';

export interface TimedStep {
  step: ResponseStep;
  at: Date;
}

export interface CallTimeline {
  /** The steps written, in order, each no earlier than the one before. */
  steps: TimedStep[];
  /** Steps whose time is before a step kept earlier (`after`): not written. */
  contradicted: (TimedStep & { after: TimedStep })[];
}

/**
 * A call's timeline from the source's step times (null: not reached), in step order. A step
 * earlier than the step kept before it contradicts the timeline (SF has calls closed before the
 * unit's arrival was logged, and calls closed then reopened): it is left out and reported, and
 * the steps before it stand. Nothing is moved to fit; received always stands.
 */
export function callTimeline(times: Readonly<Record<ResponseStep, Date | null>>): CallTimeline {
  const steps: TimedStep[] = [];
  const contradicted: CallTimeline['contradicted'] = [];
  for (const step of RESPONSE_STEPS) {
    const at = times[step];
    if (at === null) continue;
    const previous = steps.at(-1);
    if (previous && at.getTime() < previous.at.getTime())
      contradicted.push({ step, at, after: previous });
    else steps.push({ step, at });
  }
  return { steps, contradicted };
}
