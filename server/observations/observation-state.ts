import type {
  HoldRule,
  ModerationState,
  VerificationState,
} from '../../shared/observations/kinds.js';
import type { NewEvent } from '../record/events.js';
import type { Queryable } from '../record/record-session.js';
import { observationEvent } from './observation-events.js';
import { groupFeature } from './observation-group.js';
import type { ObservationRow } from './observation-row.js';
import {
  groupMembers,
  lastEventOfGroup,
  lockObservation,
  withMember,
} from './observation-store.js';
import { UPDATE_STATES } from './observations.queries.js';

/** The fields of a report that moderation, verification and withdrawal change. */
export interface ObservationStates {
  moderation: ModerationState;
  heldFor: HoldRule[];
  publicText: string | null;
  decisionReason: string | null;
  verification: VerificationState;
  incidentId: string | null;
}

export interface StateChangeResult {
  row: ObservationRow;
  /** The `observation.updated` event (with its group's public item recomputed), to chain. */
  events: NewEvent[];
}

function statesOf(row: ObservationRow): ObservationStates {
  return {
    moderation: row.moderation,
    heldFor: row.held_for,
    publicText: row.public_text,
    decisionReason: row.decision_reason,
    verification: row.verification,
    incidentId: row.incident_id,
  };
}

/**
 * Changes one report's states inside the caller's transaction (the record writer's session)
 * and returns its event: publicly the group's one item as it is now (or `removed` where it
 * left the public map), privately the report as dispatch sees it. `decide` sees the row under
 * lock and returns the new states; `reason` goes into the private part only.
 */
export async function changeObservation(
  db: Queryable,
  id: string,
  decide: (row: ObservationRow) => Partial<ObservationStates>,
  reason?: string | null,
): Promise<StateChangeResult> {
  const current = await lockObservation(db, id);
  const members = await groupMembers(db, current.group_id);
  const before = groupFeature(current.group_id, members);
  const next = { ...statesOf(current), ...decide(current) };
  const updated = (
    await db.query<ObservationRow>(UPDATE_STATES, [
      id,
      next.moderation,
      next.heldFor,
      next.publicText,
      next.decisionReason,
      next.verification,
      next.incidentId,
      new Date(),
    ])
  ).rows[0];
  if (!updated) throw new Error(`observation ${id} vanished under its lock`);
  const after = groupFeature(current.group_id, withMember(members, updated));
  const lastEventId = await lastEventOfGroup(db, current.group_id);
  return {
    row: updated,
    events: [
      observationEvent('observation.updated', updated, { before, after, lastEventId }, reason),
    ],
  };
}

/** A moderator's decision, as the moderation service asks for it. */
export interface ModerationChange {
  /** The new moderation state: approved, rejected, hidden, or held/pending again. */
  state: ModerationState;
  /**
   * The text the public may read once approved (a redaction of the text as written). Omitted:
   * on approval, the text as written; otherwise unchanged.
   */
  publicText?: string | null;
  /** The decision's reason, kept on the row (the reporter sees it) and in the private part. */
  reason?: string | null;
}

/**
 * Applies a moderation decision to one report (for server/moderation): updates the row and
 * returns the event to chain, so the decision streams to every map like any other change.
 * Call it inside RecordWriter.transact and return its events.
 */
export function applyModeration(
  db: Queryable,
  id: string,
  change: ModerationChange,
): Promise<StateChangeResult> {
  return changeObservation(
    db,
    id,
    (row) => ({
      moderation: change.state,
      publicText:
        change.publicText !== undefined
          ? change.publicText
          : change.state === 'approved'
            ? row.text
            : row.public_text,
      ...(change.reason !== undefined ? { decisionReason: change.reason } : {}),
    }),
    change.reason,
  );
}
