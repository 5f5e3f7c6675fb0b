import { isRedactionOf } from '../../shared/moderation/redacted-text.js';
import type { FeedbackQueueItem } from '../../shared/schemas/feedback.js';
import type { ModerationDecisionBody } from '../../shared/schemas/moderation.js';
import type pg from 'pg';
import { NotFoundError } from '../errors.js';
import { DecisionNotAllowedError, NotARedactionError } from './moderation-errors.js';
import { moderationEvent } from './moderation-event.js';
import type { RecordWriter } from '../record/record-writer.js';
import { feedbackEvent } from '../feedback/feedback-events.js';
import type { FeedbackModeration, FeedbackRow, RatedResponse } from '../feedback/feedback-row.js';
import { lockResponseFeedback } from '../feedback/feedback.service.js';
import {
  SELECT_FEEDBACK_QUEUE,
  SELECT_FOR_UPDATE,
  SELECT_RESPONSE_FOR_SHARE,
  SELECT_RESPONSE_ID_OF,
  UPDATE_FEEDBACK,
} from '../feedback/feedback.queries.js';

/** The states each decision may be taken from: only feedback with a comment is moderated. */
const ALLOWED_FROM: Record<ModerationDecisionBody['decision'], readonly FeedbackModeration[]> = {
  approve: ['pending', 'held', 'hidden'],
  reject: ['pending', 'held', 'hidden'],
  redact: ['pending', 'held', 'approved', 'hidden'],
  // Hiding takes the rating out of the statistics too (abuse, a rating campaign).
  hide: ['none', 'approved', 'rejected'],
};

interface Change {
  moderation: FeedbackModeration;
  publicComment: string | null;
}

/** What approving publishes: the comment as written, or the redaction a moderator made before. */
function approvedComment(row: FeedbackRow): string | null {
  const redactedBefore =
    row.public_comment !== null &&
    row.comment !== null &&
    isRedactionOf(row.comment, row.public_comment);
  return redactedBefore ? row.public_comment : row.comment;
}

function changeFor(body: ModerationDecisionBody, row: FeedbackRow): Change {
  switch (body.decision) {
    case 'approve':
      return { moderation: 'approved', publicComment: approvedComment(row) };
    case 'reject':
      return { moderation: 'rejected', publicComment: null };
    case 'hide':
      return { moderation: 'hidden', publicComment: null };
    case 'redact': {
      const redacted = body.redactedText;
      if (row.comment === null || redacted === undefined || !isRedactionOf(row.comment, redacted)) {
        throw new NotARedactionError();
      }
      return { moderation: 'approved', publicComment: redacted };
    }
  }
}

export interface FeedbackDecisionResult {
  id: string;
  state: string;
  publicText: string | null;
  eventId: number;
}

/**
 * A moderator's decision on one feedback's comment: the row changes, the layer's event carries
 * the response's aggregate after it, and the decision enters the record, in one transaction.
 */
export async function decideFeedback(
  records: RecordWriter,
  decidedBy: string,
  id: string,
  body: ModerationDecisionBody,
): Promise<FeedbackDecisionResult> {
  const { result, appended } = await records.transact(async ({ db }) => {
    const responseId = (await db.query<{ response_id: string }>(SELECT_RESPONSE_ID_OF, [id]))
      .rows[0]?.response_id;
    if (!responseId) throw new NotFoundError(`feedback ${id}`);
    await lockResponseFeedback(db, responseId);
    const current = (await db.query<FeedbackRow>(SELECT_FOR_UPDATE, [id])).rows[0];
    const response = (await db.query<RatedResponse>(SELECT_RESPONSE_FOR_SHARE, [responseId]))
      .rows[0];
    if (!current || !response) throw new NotFoundError(`feedback ${id}`);
    if (!ALLOWED_FROM[body.decision].includes(current.moderation)) {
      throw new DecisionNotAllowedError(current.moderation, body.decision);
    }
    const change = changeFor(body, current);
    const row = (
      await db.query<FeedbackRow>(UPDATE_FEEDBACK, [
        id,
        current.rating,
        current.comment,
        change.publicComment,
        change.moderation,
        current.held_for,
        body.reason,
        current.revision,
        new Date(),
      ])
    ).rows[0];
    if (!row) throw new NotFoundError(`feedback ${id}`);
    const decision = moderationEvent({
      kind: 'feedback',
      targetId: id,
      decision: body.decision,
      reason: body.reason,
      note: body.note ?? null,
      decidedBy,
      from: current.moderation,
      to: row.moderation,
    });
    return {
      result: { id, state: row.moderation, publicText: row.public_comment, eventId: 0 },
      events: [await feedbackEvent(db, 'moderated', response, row), decision],
    };
  });
  return { ...result, eventId: appended.at(-1)?.id ?? 0 };
}

interface QueueRow {
  id: string;
  response_id: string;
  incident_id: string | null;
  rating: number;
  comment: string;
  public_comment: string | null;
  held_for: FeedbackQueueItem['heldFor'];
  moderation: FeedbackModeration;
  created_at: Date;
}

/** Feedback comments waiting for a moderator, oldest first; never who wrote them. */
export async function readFeedbackQueue(pool: pg.Pool, limit = 200): Promise<FeedbackQueueItem[]> {
  const rows = await pool.query<QueueRow>(SELECT_FEEDBACK_QUEUE, [limit]);
  return rows.rows.map((row) => ({
    kind: 'feedback',
    id: row.id,
    responseId: row.response_id,
    incidentId: row.incident_id,
    rating: row.rating,
    text: row.comment,
    heldFor: row.held_for,
    state: row.moderation,
    publicText: row.public_comment,
    createdAt: row.created_at.toISOString(),
  }));
}
