import { randomUUID } from 'node:crypto';
import { checkReportText } from '../../shared/guardrails/check-text.js';
import {
  HOLD_RULES,
  type HoldRule,
  type ModerationState,
} from '../../shared/observations/kinds.js';
import type { ObservationAccepted, ObservationCreate } from '../../shared/schemas/observation.js';
import { InvalidRequestError } from '../errors.js';
import { describePlace } from '../privacy/place-description.js';
import type { Queryable } from '../record/record-session.js';
import type { KeyedWrite, WriteResult } from '../idempotency/idempotency.service.js';
import type { RecordWriter } from '../record/record-writer.js';
import { checkRateLimits, checkTargeting, type RateLimit } from './observation-guards.js';
import { observationEvent } from './observation-events.js';
import { groupFeature, policyOfKind } from './observation-group.js';
import type { ObservationRow } from './observation-row.js';
import { observedAtOf, publicCellOf, targetCellOf } from './observation-rules.js';
import { groupLock, groupMembers, lastEventOfGroup, lockName } from './observation-store.js';
import type { Reporter } from './reporter-identity.js';
import { INSERT_OBSERVATION, SELECT_GROUP_TO_JOIN } from './observations.queries.js';

const SELECT_DISTRICT_AT = `
  SELECT d.name FROM districts AS d
  WHERE d.id = district_at(ST_SetSRID(ST_MakePoint($1, $2), 4326))`;

/**
 * Where a report waits (issue 12, part 3, "the public sees moderated text only"): a guardrail
 * hit or the anti-targeting rule holds it for a moderator with the rules named; free text
 * otherwise waits as `pending` until a moderator approves it; a report of structured fields
 * only (kind, behaviours from a fixed list, time, generalised place) carries nothing a person
 * wrote, and is approved at once.
 */
export function intakeState(
  text: string | null,
  textRules: readonly HoldRule[],
  targeted: boolean,
): { moderation: ModerationState; heldFor: HoldRule[] } {
  const rules = new Set<HoldRule>(textRules);
  if (targeted) rules.add('anti_targeting');
  const heldFor = HOLD_RULES.filter((rule) => rules.has(rule));
  if (heldFor.length > 0) return { moderation: 'held', heldFor };
  return { moderation: text === null ? 'approved' : 'pending', heldFor: [] };
}

export interface CreateObservation {
  input: ObservationCreate;
  reporter: Reporter;
  /** The request's Idempotency-Key, scoped to the reporter: a retry gets the first answer. */
  keyed?: KeyedWrite | undefined;
  /**
   * Checks what admits the report (an anonymous one's proof of work); runs inside the write,
   * after the Idempotency-Key, so a retry of an answered request is not refused as a replay.
   */
  admit?: (db: Queryable) => Promise<void>;
}

async function districtAt(db: Queryable, lon: number, lat: number): Promise<string | null> {
  const found = await db.query<{ name: string }>(SELECT_DISTRICT_AT, [lon, lat]);
  return found.rows[0]?.name ?? null;
}

async function assertIncident(db: Queryable, id: string): Promise<void> {
  const found = await db.query('SELECT 1 FROM incidents WHERE id = $1', [id]);
  if (found.rowCount === 0) throw new InvalidRequestError(`incidentId ${id} names no incident`);
}

/**
 * Takes a resident's report: checks its time, the reporter's limits, the guardrails and the
 * anti-targeting rule, joins it to the group of reports of the same event (same kind, same
 * public cell, within two hours) or starts one, and writes the row and its event in one
 * transaction. The event is publicly the group's ONE item (a corroborating report updates the
 * group, it never shows as an item of its own), or `not_shown` while nothing is approved.
 */
export async function createObservation(
  records: RecordWriter,
  request: CreateObservation,
  limit: RateLimit,
): Promise<WriteResult<ObservationAccepted>> {
  const { input, reporter } = request;
  const now = new Date();
  const observedAt = observedAtOf(input.observedAt, now);
  const policy = policyOfKind(input.category);
  const cell = publicCellOf(input.location, policy);
  const targetCell = targetCellOf(input.location);
  const text = input.text?.trim() ? input.text.trim() : null;
  const textRules = text === null ? [] : checkReportText(text).rules;
  return records.writeOne(request.keyed, async (session) => {
    const db = session.db;
    await request.admit?.(db);
    if (input.incidentId !== undefined) await assertIncident(db, input.incidentId);
    await checkRateLimits(db, reporter, limit, now);
    const targeted = await checkTargeting(db, targetCell, cell.id, reporter.key, now);
    const { moderation, heldFor } = intakeState(text, textRules, targeted);
    await lockName(db, `observation-cell:${input.category}:${cell.id}`);
    const joined = (
      await db.query<{ id: string }>(SELECT_GROUP_TO_JOIN, [input.category, cell.id, observedAt])
    ).rows[0]?.id;
    // Random (v4) ids: a time-ordered id would tell the public when the first report came.
    const id = randomUUID();
    const groupId = joined ?? id;
    await lockName(db, groupLock(groupId));
    const members = joined ? await groupMembers(db, groupId) : [];
    const before = groupFeature(groupId, members);
    const place = describePlace(
      policy,
      null,
      await districtAt(db, cell.centre.lon, cell.centre.lat),
    );
    const row = (
      await db.query<ObservationRow>(INSERT_OBSERVATION, [
        id,
        input.category,
        input.behaviours ?? [],
        observedAt,
        now,
        input.location.lon,
        input.location.lat,
        text,
        reporter.userId,
        reporter.device,
        reporter.address,
        reporter.key,
        cell.centre.lon,
        cell.centre.lat,
        cell.id,
        place.district,
        place.place,
        moderation === 'approved' ? text : null,
        moderation,
        heldFor,
        groupId,
        input.incidentId ?? null,
        targetCell,
      ])
    ).rows[0];
    if (!row) throw new Error('the observation was not written');
    const after = groupFeature(groupId, [...members, { row, reporter: reporter.key }]);
    const lastEventId = joined ? await lastEventOfGroup(db, groupId) : 0;
    const event = observationEvent(joined ? 'observation.updated' : 'observation.created', row, {
      before,
      after,
      lastEventId,
    });
    return { statusCode: 202, body: { id, moderation, heldFor }, events: [event] };
  });
}
