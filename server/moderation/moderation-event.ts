import { MODERATION_ENTITY } from '../../shared/layers/moderation.js';
import type { ModerationState } from '../../shared/observations/kinds.js';
import type {
  ModerationDecision,
  ModerationKind,
  ModerationReason,
} from '../../shared/schemas/moderation-constants.js';
import type { NewEvent } from '../record/events.js';

export interface Decision {
  /** A resident's report (the default) or a feedback comment on a police response. */
  kind?: ModerationKind;
  targetId: string;
  decision: ModerationDecision | 'auto_hidden';
  reason: ModerationReason;
  note: string | null;
  /** 'user:<id>' or 'key:<id>' of the moderator; null when the residents' flags decided. */
  decidedBy: string | null;
  from: ModerationState | 'none';
  to: ModerationState | 'none';
}

/**
 * The record's entry for a decision. Public: the item's id, the decision, its reason and note,
 * and "a moderator" or "residents". Never the content, its kind or place (an id of a report the
 * public never saw tells nothing about it, and its reporter knows it from "my reports").
 */
export function moderationEvent(decision: Decision): NewEvent {
  return {
    type: 'moderation.decided',
    entity: MODERATION_ENTITY.entity,
    entityId: decision.targetId,
    identified: true,
    public: {
      kind: decision.kind ?? 'observation',
      targetId: decision.targetId,
      decision: decision.decision,
      reason: decision.reason,
      note: decision.note,
      by: decision.decidedBy === null ? 'residents' : 'moderator',
    },
    private: { decidedBy: decision.decidedBy, from: decision.from, to: decision.to },
  };
}
