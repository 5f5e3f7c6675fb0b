import type { ResponseStepView } from '../../../shared/schemas/response.js';

/**
 * The response timeline as the panel shows it: one row per step that stands (not superseded),
 * in time order, each with the earlier versions it corrected, oldest first, struck through.
 * Steps are events, never edits: nothing is dropped, a correction shows what it replaced.
 */
export interface TimelineRow {
  step: ResponseStepView;
  /** What this step corrected, oldest first (a correction of a correction gives two). */
  corrects: ResponseStepView[];
}

function byTime(a: ResponseStepView, b: ResponseStepView): number {
  return Date.parse(a.at) - Date.parse(b.at) || Date.parse(a.recordedAt) - Date.parse(b.recordedAt);
}

/** A step stands when nothing supersedes it (by its own link or another step's). */
export function standingSteps(steps: readonly ResponseStepView[]): ResponseStepView[] {
  const superseded = new Set(steps.flatMap((s) => (s.supersedes ? [s.supersedes] : [])));
  return steps.filter((s) => s.supersededBy === null && !superseded.has(s.id)).sort(byTime);
}

export function timelineRows(steps: readonly ResponseStepView[]): TimelineRow[] {
  const byId = new Map(steps.map((step) => [step.id, step]));
  return standingSteps(steps).map((step) => {
    const corrects: ResponseStepView[] = [];
    const seen = new Set([step.id]);
    let previous = step.supersedes ? byId.get(step.supersedes) : undefined;
    while (previous && !seen.has(previous.id)) {
      seen.add(previous.id);
      corrects.unshift(previous);
      previous = previous.supersedes ? byId.get(previous.supersedes) : undefined;
    }
    return { step, corrects };
  });
}
