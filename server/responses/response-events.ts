import { RESPONSES_LAYER } from '../../shared/layers/responses.js';
import type { NewEvent, Retraction } from '../record/events.js';
import {
  publicPointOf,
  toDispatcherResponseFeature,
  toPublicResponseFeature,
} from './response-feature.js';
import type { PlacedResponseRow, StepRow } from './response-row.js';

/** The response events its layer declares (shared/layers/responses.ts). */
export type ResponseEventType = keyof typeof RESPONSES_LAYER.events;

/** The response as it was before an incident change moved or hid it, and its last event id. */
export interface PreviousResponse {
  row: PlacedResponseRow;
  lastEventId: number;
}

type EventStep = Pick<StepRow, 'id' | 'step' | 'at' | 'unit' | 'disposition' | 'supersedes'>;

function publicStep(step: EventStep) {
  return {
    id: step.id,
    kind: step.step,
    at: step.at.toISOString(),
    disposition: step.disposition,
    supersedes: step.supersedes,
  };
}

function retractionOf(previous: PreviousResponse | undefined): Retraction | undefined {
  const point = previous && publicPointOf(previous.row);
  if (!previous || !point) return undefined;
  return {
    id: previous.row.id,
    coordinates: point,
    category: previous.row.category,
    publishedBy: previous.lastEventId,
  };
}

/**
 * The event of one state of a response: pure, so the importer can build them in bulk. The
 * public part is the feature at the incident's public point and the step without its unit,
 * or only `not_shown` (with the envelope's day) where the public may not single the incident
 * out, or there is none. The private part is dispatch's: the exact point and the unit.
 * `row` must be read with the exact point (or have none: a call without a place).
 * `previous`: the response before an incident change, whose public feature this one replaces.
 */
export function responseEvent(
  type: ResponseEventType,
  row: PlacedResponseRow,
  step?: EventStep,
  previous?: PreviousResponse,
): NewEvent {
  const feature = toPublicResponseFeature(row);
  const exact = toDispatcherResponseFeature(row);
  const retracts = retractionOf(previous);
  return {
    type,
    entity: RESPONSES_LAYER.entity,
    entityId: row.id,
    identified: feature !== null,
    public: feature
      ? { visibility: 'shown', feature, ...(step ? { step: publicStep(step) } : {}) }
      : { visibility: 'not_shown' },
    private: {
      ...(exact ? { feature: exact } : {}),
      ...(step ? { step: { ...publicStep(step), unit: step.unit } } : {}),
    },
    ...(retracts ? { retracts } : {}),
  };
}
