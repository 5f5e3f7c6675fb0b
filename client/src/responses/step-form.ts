import {
  RESPONSE_STEPS,
  type ResponseStep,
  type ResponseStepCreate,
} from '../../../shared/schemas/response.js';
import { localInputToIso } from '../observations/report-draft.js';

/** The step a dispatcher most likely records next: the one after the current state. */
export function nextStepAfter(state: ResponseStep | null): ResponseStep {
  if (state === null) return 'received';
  const index = RESPONSE_STEPS.indexOf(state);
  return RESPONSE_STEPS[Math.min(index + 1, RESPONSE_STEPS.length - 1)] ?? 'cleared';
}

export interface StepDraft {
  step: ResponseStep;
  /** The time field as typed (datetime-local), and what it was prefilled with ("now"). */
  at: string;
  prefilledAt: string;
  unit: string;
  disposition: string;
  supersedes: string;
  officerInitiated: boolean;
}

/**
 * The request body: a time left as prefilled is "now" and sent as none (the server's clock
 * decides, to the second); empty fields are left out.
 */
export function stepBody(draft: StepDraft): ResponseStepCreate {
  const at = draft.at === draft.prefilledAt ? null : localInputToIso(draft.at);
  const unit = draft.unit.trim();
  const disposition = draft.disposition.trim();
  return {
    step: draft.step,
    ...(at !== null && { at }),
    ...(unit && { unit }),
    ...(disposition && { disposition }),
    ...(draft.supersedes && { supersedes: draft.supersedes }),
    ...(draft.step === 'received' && draft.officerInitiated && { officerInitiated: true }),
  };
}
