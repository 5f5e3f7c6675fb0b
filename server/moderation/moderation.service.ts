import type { ModerationState } from '../../shared/observations/kinds.js';
import { isRedactionOf } from '../../shared/moderation/redacted-text.js';
import type { ModerationDecisionBody, ModerationKind } from '../../shared/schemas/moderation.js';
import { decideFeedback } from './feedback-moderation.service.js';
import { applyModeration, type ModerationChange } from '../observations/observation-state.js';
import type { ObservationRow } from '../observations/observation-row.js';
import { lockObservation } from '../observations/observation-store.js';
import type { Principal } from '../plugins/auth.js';
import { assertNoPersonalData } from '../privacy/public-line.js';
import type { RecordWriter } from '../record/record-writer.js';
import { moderationEvent } from './moderation-event.js';
import { DecisionNotAllowedError, NotARedactionError } from './moderation-errors.js';

/** The states each decision may be taken from. */
const ALLOWED_FROM: Record<ModerationDecisionBody['decision'], readonly ModerationState[]> = {
  approve: ['pending', 'held', 'hidden'],
  reject: ['pending', 'held', 'hidden'],
  redact: ['pending', 'held', 'approved', 'hidden'],
  hide: ['approved'],
};

export interface DecisionResult {
  id: string;
  state: string;
  publicText: string | null;
  eventId: number;
}

/** Who decided, kept in the decision event's private part only. */
export function deciderOf(principal: Principal): string {
  if (principal.userId) return `user:${principal.userId}`;
  if (principal.keyId) return `key:${principal.keyId}`;
  throw new Error('a decision reached the service without a moderator');
}

/**
 * What approving publishes: the text as written, except where a moderator had redacted it
 * before (an item the residents' flags brought back): then that redaction again, so that a
 * second look can never publish what the first one took out. A new redaction changes it.
 */
function approvedText(row: ObservationRow): string | null {
  const redactedBefore =
    row.public_text !== null && row.text !== null && isRedactionOf(row.text, row.public_text);
  return redactedBefore ? row.public_text : row.text;
}

function changeFor(body: ModerationDecisionBody, row: ObservationRow): ModerationChange {
  const { text } = row;
  switch (body.decision) {
    case 'approve':
      return { state: 'approved', publicText: approvedText(row), reason: body.reason };
    case 'reject':
      return { state: 'rejected', publicText: null, reason: body.reason };
    case 'hide':
      return { state: 'hidden', reason: body.reason };
    case 'redact': {
      const redacted = body.redactedText;
      if (text === null || redacted === undefined || !isRedactionOf(text, redacted)) {
        throw new NotARedactionError();
      }
      return { state: 'approved', publicText: redacted, reason: body.reason };
    }
  }
}

/**
 * A moderator's decision on one report: its states change (and the public map with them, by
 * the observation's own event) and the decision enters the record, both in one transaction.
 */
export async function decide(
  records: RecordWriter,
  principal: Principal,
  target: { kind: ModerationKind; id: string },
  body: ModerationDecisionBody,
): Promise<DecisionResult> {
  // The note is public: it must not carry what the decision keeps from the public.
  if (body.note !== undefined) assertNoPersonalData(body.note);
  const decidedBy = deciderOf(principal);
  const { id } = target;
  if (target.kind === 'feedback') return decideFeedback(records, decidedBy, id, body);
  const { result, appended } = await records.transact(async (session) => {
    const current = await lockObservation(session.db, id);
    if (!ALLOWED_FROM[body.decision].includes(current.moderation)) {
      throw new DecisionNotAllowedError(current.moderation, body.decision);
    }
    const changed = await applyModeration(session.db, id, changeFor(body, current));
    const decision = moderationEvent({
      targetId: id,
      decision: body.decision,
      reason: body.reason,
      note: body.note ?? null,
      decidedBy,
      from: current.moderation,
      to: changed.row.moderation,
    });
    return {
      result: {
        id,
        state: changed.row.moderation,
        publicText: changed.row.public_text,
        eventId: 0,
      },
      events: [...changed.events, decision],
    };
  });
  return { ...result, eventId: appended.at(-1)?.id ?? 0 };
}
