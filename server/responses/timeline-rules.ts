import { RESPONSE_STEPS, type ResponseStep } from '../../shared/schemas/response-constants.js';
import type { ResponseFigures } from '../../shared/schemas/response.js';
import type { IncidentStatus } from '../../shared/schemas/incident-constants.js';

/**
 * The rules of a response timeline, as pure functions: which step may follow which, and what
 * the steps that stand make of the response (its state, times, disposition and figures). The
 * service, the importer and the simulator all go through these.
 */

/** A step as stored (response_steps). */
export interface TimelineStep {
  id: string;
  seq: number;
  step: ResponseStep;
  at: Date;
  unit: string | null;
  disposition: string | null;
  supersedes: string | null;
}

/** A step asked for, before it has an id. */
export interface StepCandidate {
  step: ResponseStep;
  at: Date;
  supersedes: string | null;
  /** The client said the call was officer-initiated (only allowed on the first `received`). */
  officerInitiated: boolean;
}

/** A rule a step breaks: its error code and a sentence. */
export interface Violation {
  code: ViolationCode;
  message: string;
}

export const VIOLATION_CODES = [
  'step_in_future',
  'step_out_of_order',
  'step_before_previous',
  'step_after_next',
  'step_after_cleared',
  'duplicate_step',
  'bad_supersedes',
  'officer_initiated_not_first',
] as const;
export type ViolationCode = (typeof VIOLATION_CODES)[number];

// Clocks of CAD systems drift; a step dated further ahead than this is a mistake (as incidents).
export const MAX_FUTURE_MS = 5 * 60 * 1000;

/** Steps that need a unit sent first, unless an officer started the call on the spot. */
const NEEDS_DISPATCH: ReadonlySet<ResponseStep> = new Set(['en_route', 'on_scene']);

const orderOf = (step: ResponseStep) => RESPONSE_STEPS.indexOf(step);

/** The steps no later step supersedes. */
export function standingSteps(steps: readonly TimelineStep[]): TimelineStep[] {
  const superseded = new Set(steps.flatMap((s) => (s.supersedes ? [s.supersedes] : [])));
  return steps.filter((s) => !superseded.has(s.id));
}

function violation(code: ViolationCode, message: string): Violation {
  return { code, message };
}

function checkCorrection(
  steps: readonly TimelineStep[],
  standing: readonly TimelineStep[],
  candidate: StepCandidate,
): Violation | null {
  const target = steps.find((s) => s.id === candidate.supersedes);
  if (!target) return violation('bad_supersedes', 'supersedes names no step of this response');
  if (!standing.includes(target)) {
    return violation('bad_supersedes', 'the step named in supersedes is superseded already');
  }
  if (target.step !== candidate.step) {
    return violation('bad_supersedes', `a correction of a ${target.step} step must be one too`);
  }
  if (target.step !== 'cleared' && standing.some((s) => s.step === 'cleared')) {
    return violation(
      'step_after_cleared',
      'the response is cleared: only its cleared step may be corrected',
    );
  }
  return checkTimes(
    standing.filter((s) => s !== target),
    candidate,
  );
}

/** The candidate's time against the other standing steps: not before an earlier kind, not after a later one. */
function checkTimes(others: readonly TimelineStep[], candidate: StepCandidate): Violation | null {
  const order = orderOf(candidate.step);
  for (const other of others) {
    const otherOrder = orderOf(other.step);
    if (otherOrder < order && candidate.at < other.at) {
      return violation(
        'step_before_previous',
        `${candidate.step} at ${candidate.at.toISOString()} lies before ${other.step} at ${other.at.toISOString()}`,
      );
    }
    if (otherOrder > order && candidate.at > other.at) {
      return violation(
        'step_after_next',
        `${candidate.step} at ${candidate.at.toISOString()} lies after ${other.step} at ${other.at.toISOString()}`,
      );
    }
  }
  return null;
}

function checkNewStep(
  standing: readonly TimelineStep[],
  candidate: StepCandidate,
  officerInitiated: boolean,
): Violation | null {
  if (standing.some((s) => s.step === candidate.step)) {
    return violation(
      'duplicate_step',
      `the response has a ${candidate.step} step already; send a correction with supersedes`,
    );
  }
  if (standing.some((s) => s.step === 'cleared')) {
    return violation('step_after_cleared', 'the response is cleared: no step may follow');
  }
  const later = standing.find((s) => orderOf(s.step) > orderOf(candidate.step));
  if (later) {
    return violation('step_out_of_order', `${candidate.step} cannot follow ${later.step}`);
  }
  if (
    NEEDS_DISPATCH.has(candidate.step) &&
    !officerInitiated &&
    !standing.some((s) => s.step === 'dispatched')
  ) {
    return violation('step_out_of_order', `${candidate.step} before dispatched`);
  }
  return checkTimes(standing, candidate);
}

/**
 * The first rule a step breaks against the steps recorded so far (all of them, superseded
 * included), or null. `officerInitiated`: the response (or its incident) is officer-initiated.
 */
export function firstViolation(
  steps: readonly TimelineStep[],
  candidate: StepCandidate,
  context: { now: Date; officerInitiated: boolean },
): Violation | null {
  if (candidate.at.getTime() > context.now.getTime() + MAX_FUTURE_MS) {
    return violation(
      'step_in_future',
      `${candidate.step} at ${candidate.at.toISOString()} lies in the future`,
    );
  }
  if (candidate.officerInitiated && (candidate.step !== 'received' || steps.length > 0)) {
    return violation(
      'officer_initiated_not_first',
      'officerInitiated goes only with the received step that opens the response',
    );
  }
  const standing = standingSteps(steps);
  if (candidate.supersedes !== null) return checkCorrection(steps, standing, candidate);
  return checkNewStep(standing, candidate, context.officerInitiated || candidate.officerInitiated);
}

/** What the standing steps make of a response (the derived columns of `responses`). */
export interface DerivedResponse {
  state: ResponseStep;
  times: Record<ResponseStep, Date | null>;
  disposition: string | null;
  figures: ResponseFigures;
}

function secondsBetween(from: Date | null, to: Date | null): number | null {
  return from && to ? (to.getTime() - from.getTime()) / 1000 : null;
}

/**
 * The figures of a response from the times of its standing steps. Officer-initiated calls have
 * no response time (nobody waited for a unit: the officer was there when the call was logged),
 * so their time to dispatch and to scene are null; their time on scene is real.
 */
export function figuresOf(
  times: Readonly<Record<ResponseStep, Date | null>>,
  officerInitiated: boolean,
): ResponseFigures {
  return {
    toDispatchSeconds: officerInitiated ? null : secondsBetween(times.received, times.dispatched),
    toSceneSeconds: officerInitiated ? null : secondsBetween(times.received, times.on_scene),
    onSceneSeconds: secondsBetween(times.on_scene, times.cleared),
  };
}

/** The response as its standing steps make it. */
export function deriveResponse(
  steps: readonly TimelineStep[],
  officerInitiated: boolean,
): DerivedResponse {
  const standing = standingSteps(steps);
  const times = Object.fromEntries(RESPONSE_STEPS.map((kind) => [kind, null])) as Record<
    ResponseStep,
    Date | null
  >;
  let state: ResponseStep = 'received';
  for (const s of standing) {
    times[s.step] = s.at;
    if (orderOf(s.step) > orderOf(state)) state = s.step;
  }
  const withDisposition = standing.filter((s) => s.disposition !== null);
  const disposition = withDisposition.sort((a, b) => b.seq - a.seq)[0]?.disposition ?? null;
  return { state, times, disposition, figures: figuresOf(times, officerInitiated) };
}

/** The incident's status while its response is in this state. */
export function incidentStatusOf(state: ResponseStep): IncidentStatus {
  if (state === 'received') return 'open';
  if (state === 'cleared') return 'resolved';
  return 'responding';
}

/** A step asked for, with what it carries besides its time. */
export interface StepInput extends StepCandidate {
  unit: string | null;
  disposition: string | null;
}

export type StepPlan = { ok: true; added: TimelineStep[] } | { ok: false; violation: Violation };

/**
 * The steps one request adds to a timeline, or the rule it breaks. A response's first step
 * opens it with `received`: where the first step sent is a later one, the call is taken as
 * received when its incident was reported.
 */
export function planStep(
  existing: readonly TimelineStep[],
  input: StepInput,
  context: { now: Date; reportedAt: Date; officerInitiated: boolean; newId: () => string },
): StepPlan {
  const implicit: TimelineStep[] =
    existing.length === 0 && input.step !== 'received' && input.supersedes === null
      ? [
          {
            id: context.newId(),
            seq: 1,
            step: 'received',
            at: context.reportedAt,
            unit: null,
            disposition: null,
            supersedes: null,
          },
        ]
      : [];
  const before = [...existing, ...implicit];
  const found = firstViolation(before, input, context);
  if (found) return { ok: false, violation: found };
  const step: TimelineStep = {
    id: context.newId(),
    seq: before.length + 1,
    step: input.step,
    at: input.at,
    unit: input.unit,
    disposition: input.disposition,
    supersedes: input.supersedes,
  };
  return { ok: true, added: [...implicit, step] };
}
