import type { HoldRule, ModerationState } from '../../shared/observations/kinds.js';
import { NotFoundError } from '../errors.js';
import { changeObservation } from '../observations/observation-state.js';
import type { NewEvent } from '../record/events.js';
import type { RecordWriter } from '../record/record-writer.js';
import { moderationEvent } from './moderation-event.js';
import {
  COUNT_FLAG,
  INSERT_FLAG,
  SELECT_APPROVED_IN_GROUP,
  SELECT_GROUP_OF,
} from './moderation.queries.js';

export interface FlagResult {
  flagged: true;
  counted: boolean;
}

/**
 * A signed-in resident flags an item of the public map (its id: the group's first report).
 * One flag per person and item. At `threshold` flags the item leaves the public map pending
 * review: every approved report of it is held again with the rule `flagged`, and the public log
 * says residents hid it. Flags on an item already hidden this way are counted for the moderator.
 */
export async function flagObservation(
  records: RecordWriter,
  userId: string,
  id: string,
  reason: string | null,
  threshold: number,
): Promise<FlagResult> {
  const { result } = await records.transact(async (session) => {
    const { db } = session;
    const target = (
      await db.query<{ group_id: string; moderation: ModerationState; held_for: HoldRule[] }>(
        SELECT_GROUP_OF,
        [id],
      )
    ).rows[0];
    // Only what the public can see can be flagged; anything else is not found, as publicly.
    if (!target || target.group_id !== id) throw new NotFoundError(`observation ${id}`);
    const approved = (
      await db.query<{ id: string }>(SELECT_APPROVED_IN_GROUP, [target.group_id])
    ).rows.map((row) => row.id);
    const flaggedBefore = target.moderation === 'held' && target.held_for.includes('flagged');
    if (approved.length === 0 && !flaggedBefore) throw new NotFoundError(`observation ${id}`);
    const inserted = await db.query(INSERT_FLAG, [id, userId, reason]);
    if (inserted.rowCount === 0) {
      return { result: { flagged: true as const, counted: false }, events: [] };
    }
    const flags = (await db.query<{ flags: number }>(COUNT_FLAG, [id])).rows[0]?.flags ?? 0;
    if (flags < threshold || approved.length === 0) {
      return { result: { flagged: true as const, counted: true }, events: [] };
    }
    const events: NewEvent[] = [];
    for (const member of approved) {
      const changed = await changeObservation(db, member, (row) => ({
        moderation: 'held',
        heldFor: row.held_for.includes('flagged') ? row.held_for : [...row.held_for, 'flagged'],
      }));
      events.push(...changed.events);
    }
    events.push(
      moderationEvent({
        targetId: id,
        decision: 'auto_hidden',
        reason: 'flagged_by_residents',
        note: null,
        decidedBy: null,
        from: 'approved',
        to: 'held',
      }),
    );
    return { result: { flagged: true as const, counted: true }, events };
  });
  return result;
}
