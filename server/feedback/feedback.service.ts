import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { FeedbackChange } from '../../shared/layers/feedback.js';
import type { FeedbackEdit, FeedbackWrite, MyFeedback } from '../../shared/schemas/feedback.js';
import type { Role } from '../../shared/roles.js';
import { NotFoundError } from '../errors.js';
import type { Queryable } from '../record/record-session.js';
import type { RecordWriter } from '../record/record-writer.js';
import { FeedbackExistsError, FeedbackHiddenError } from './feedback-errors.js';
import { feedbackEvent } from './feedback-events.js';
import { intakeOf } from './feedback-intake.js';
import { visibleResponse } from './feedback-response.js';
import { toMyFeedback, type FeedbackRow, type RevisionRow } from './feedback-row.js';
import {
  INSERT_FEEDBACK,
  INSERT_REVISION,
  LOCK_RESPONSE_FEEDBACK,
  SELECT_HISTORY,
  SELECT_MINE,
  SELECT_MINE_FOR_UPDATE,
  UPDATE_FEEDBACK,
} from './feedback.queries.js';

/** Which response, as whom: the route's ids and the signed-in rater. */
export interface FeedbackTarget {
  incidentId: string;
  responseId: string;
  userId: string;
  role: Role;
}

async function history(db: Queryable, id: string): Promise<RevisionRow[]> {
  return (await db.query<RevisionRow>(SELECT_HISTORY, [id])).rows;
}

function writableResponse(db: Queryable, target: FeedbackTarget) {
  return visibleResponse(db, target.role, target.incidentId, target.responseId, {
    forWrite: true,
  });
}

export function lockResponseFeedback(db: Queryable, responseId: string) {
  return db.query(LOCK_RESPONSE_FEEDBACK, [`feedback:${responseId}`]);
}

/**
 * A resident's one feedback on a response: the row, its first revision and the layer's event,
 * in one transaction. A second one by the same person (even sent at the same moment) writes
 * nothing and answers 409: the unique constraint decides, not a read before the write.
 */
export async function createFeedback(
  records: RecordWriter,
  target: FeedbackTarget,
  body: FeedbackWrite,
): Promise<MyFeedback> {
  const comment = body.comment ?? null;
  const { moderation, heldFor } = intakeOf(comment);
  const { result } = await records.transact(async ({ db }) => {
    const response = await writableResponse(db, target);
    await lockResponseFeedback(db, response.response_id);
    const now = new Date();
    const inserted = await db.query<FeedbackRow>(INSERT_FEEDBACK, [
      randomUUID(),
      response.response_id,
      target.userId,
      body.rating,
      comment,
      moderation,
      heldFor,
      now,
    ]);
    const row = inserted.rows[0];
    if (!row) throw new FeedbackExistsError();
    await db.query(INSERT_REVISION, [row.id, 1, row.rating, row.comment, now]);
    const event = await feedbackEvent(db, 'created', response, row);
    return { result: toMyFeedback(row, await history(db, row.id)), events: [event] };
  });
  return result;
}

/** The edited feedback, or null when the edit changes nothing. */
function edited(row: FeedbackRow, body: FeedbackEdit) {
  const rating = body.rating ?? row.rating;
  const comment = body.comment === undefined ? row.comment : body.comment;
  const revived = row.moderation === 'withdrawn';
  if (!revived && rating === row.rating && comment === row.comment) return null;
  // A new comment waits for a moderator again; a rating alone keeps the comment's decision.
  const keepsDecision = !revived && comment === row.comment;
  const intake = keepsDecision
    ? { moderation: row.moderation, heldFor: row.held_for }
    : intakeOf(comment);
  return {
    rating,
    comment,
    publicComment: keepsDecision ? row.public_comment : null,
    ...intake,
  };
}

/**
 * The author edits their feedback: a new revision (the earlier ones stay), the row follows it,
 * and the layer's event carries the new aggregate. Editing withdrawn feedback brings it back;
 * feedback a moderator hid cannot be edited back into the statistics.
 */
export async function editFeedback(
  records: RecordWriter,
  target: FeedbackTarget,
  body: FeedbackEdit,
): Promise<MyFeedback> {
  return changeMine(records, target, 'edited', async (row, db, now) => {
    if (row.moderation === 'hidden') throw new FeedbackHiddenError();
    const next = edited(row, body);
    if (!next) return null;
    const revision = row.revision + 1;
    await db.query(INSERT_REVISION, [row.id, revision, next.rating, next.comment, now]);
    const { rating, comment, publicComment, moderation, heldFor } = next;
    return [rating, comment, publicComment, moderation, heldFor, null, revision, now];
  });
}

/** The author withdraws their feedback: its rating no longer counts, its comment is not shown. */
export async function withdrawFeedback(
  records: RecordWriter,
  target: FeedbackTarget,
): Promise<MyFeedback> {
  return changeMine(records, target, 'withdrawn', (row, _db, now) =>
    Promise.resolve(
      row.moderation === 'withdrawn'
        ? null
        : [row.rating, row.comment, null, 'withdrawn', row.held_for, null, row.revision, now],
    ),
  );
}

/** Locks the author's feedback, applies a change (UPDATE_FEEDBACK's values after the id). */
async function changeMine(
  records: RecordWriter,
  target: FeedbackTarget,
  change: FeedbackChange,
  values: (row: FeedbackRow, db: Queryable, now: Date) => Promise<unknown[] | null>,
): Promise<MyFeedback> {
  const { result } = await records.transact(async ({ db }) => {
    const response = await writableResponse(db, target);
    await lockResponseFeedback(db, response.response_id);
    const current = (
      await db.query<FeedbackRow>(SELECT_MINE_FOR_UPDATE, [response.response_id, target.userId])
    ).rows[0];
    if (!current) throw new NotFoundError('your feedback on this response');
    const next = await values(current, db, new Date());
    if (!next) return { result: toMyFeedback(current, await history(db, current.id)), events: [] };
    const row = (await db.query<FeedbackRow>(UPDATE_FEEDBACK, [current.id, ...next])).rows[0];
    if (!row) throw new NotFoundError('your feedback on this response');
    const event = await feedbackEvent(db, change, response, row);
    return { result: toMyFeedback(row, await history(db, row.id)), events: [event] };
  });
  return result;
}

/** The author's own feedback with every revision, oldest first; 404 when there is none. */
export async function myFeedback(pool: pg.Pool, target: FeedbackTarget): Promise<MyFeedback> {
  const response = await visibleResponse(pool, target.role, target.incidentId, target.responseId);
  const row = (await pool.query<FeedbackRow>(SELECT_MINE, [response.response_id, target.userId]))
    .rows[0];
  if (!row) throw new NotFoundError('your feedback on this response');
  return toMyFeedback(row, await history(pool, row.id));
}
