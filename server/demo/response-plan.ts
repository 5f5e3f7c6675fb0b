import type { Random } from '../../shared/random.js';
import type { ResponseStep } from '../../shared/schemas/response-constants.js';

/**
 * How a simulated response unfolds: when each step happens after the one before, in minutes
 * by priority 1..5, each drawn with a long right tail (the square of a uniform draw: most short,
 * a few long; the median lies a quarter of the way along the range). Tuned on San Francisco's
 * January 2026 export (../shared/data/responses), where calls from the public reached the
 * scene in a median of 8 minutes at priority A, 29 at B and 62 at C, dispatch taking most of
 * the lower priorities' wait.
 */
const MINUTES: Readonly<Record<Exclude<ResponseStep, 'received'>, readonly [number, number][]>> = {
  // Received → dispatched.
  dispatched: [
    [0.5, 8],
    [2, 60],
    [5, 200],
    [10, 240],
    [15, 300],
  ],
  // Dispatched → en route.
  en_route: [
    [0.1, 1],
    [0.2, 3],
    [0.5, 5],
    [0.5, 5],
    [1, 8],
  ],
  // En route → on scene.
  on_scene: [
    [3, 15],
    [4, 30],
    [5, 30],
    [5, 30],
    [8, 40],
  ],
  // On scene → cleared.
  cleared: [
    [2, 8],
    [5, 20],
    [10, 40],
    [20, 75],
    [30, 120],
  ],
};

export interface PlannedStep {
  step: ResponseStep;
  /** After the call was received. */
  afterMs: number;
}

export interface ResponsePlan {
  /** An officer's own stop: received, dispatched, en route and on scene at once. */
  officerInitiated: boolean;
  /** Every step, in order, from received (at 0) to cleared. */
  steps: PlannedStep[];
}

export interface PlanOptions {
  /** Every duration divided by this (to watch a response in seconds). */
  speed?: number;
  /** The share of calls an officer starts (no call from the public). */
  officerInitiatedShare?: number;
}

function draw(range: readonly [number, number] | undefined, random: Random): number {
  const [min, max] = range ?? [1, 10];
  return min + random() ** 2 * (max - min);
}

/** A plausible whole timeline for a call of this priority. */
export function planResponse(
  priority: number,
  random: Random,
  options: PlanOptions = {},
): ResponsePlan {
  const index = Math.max(1, Math.min(5, Math.round(priority))) - 1;
  const speed = options.speed ?? 1;
  const officerInitiated = random() < (options.officerInitiatedShare ?? 0);
  const toMs = (minutes: number) => (minutes * 60_000) / speed;
  const steps: PlannedStep[] = [{ step: 'received', afterMs: 0 }];
  let at = 0;
  for (const step of ['dispatched', 'en_route', 'on_scene', 'cleared'] as const) {
    // An officer who starts a call is there already: only the time on scene runs.
    if (!officerInitiated || step === 'cleared') at += toMs(draw(MINUTES[step][index], random));
    steps.push({ step, afterMs: Math.round(at) });
  }
  return { officerInitiated, steps };
}

/** The steps of a plan reached by `elapsedMs` after the call was received. */
export function stepsReachedBy(plan: ResponsePlan, elapsedMs: number): PlannedStep[] {
  return plan.steps.filter((step) => step.afterMs <= elapsedMs);
}

/** The longest a plan can take from received to cleared, at speed 1. */
export function slowestResponseMs(priority: number): number {
  const index = Math.max(1, Math.min(5, Math.round(priority))) - 1;
  return (
    Object.values(MINUTES).reduce((sum, ranges) => sum + (ranges[index]?.[1] ?? 0), 0) * 60_000
  );
}
