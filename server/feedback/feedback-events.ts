import { FEEDBACK_LAYER, type FeedbackChange } from '../../shared/layers/feedback.js';
import type { NewEvent } from '../record/events.js';
import type { Queryable } from '../record/record-session.js';
import { aggregateOf, feedbackFeature } from './feedback-aggregate.js';
import { isShown, type FeedbackRow, type RatedResponse } from './feedback-row.js';
import { SELECT_AGGREGATE } from './feedback.queries.js';

/** The aggregate of a response's counted ratings after the change, and its latest change. */
export interface AggregateAfter {
  ratings: readonly number[];
  updatedAt: Date;
}

/**
 * The event of a change to one feedback: publicly the response's aggregate after the change
 * (count, mean, distribution) at its incident's public point, or only that something happened
 * on that day when the incident is not a point on the public map (`after` is then not needed);
 * privately the feedback as written, never its author.
 */
export function buildFeedbackEvent(
  change: FeedbackChange,
  response: RatedResponse,
  row: FeedbackRow,
  after: AggregateAfter | null,
): NewEvent {
  const base = {
    type: 'feedback.changed',
    entity: FEEDBACK_LAYER.entity,
    entityId: response.response_id,
    private: {
      change,
      feedbackId: row.id,
      responseId: response.response_id,
      incidentId: response.incident_id,
      rating: row.rating,
      comment: row.comment,
      publicComment: row.public_comment,
      moderation: row.moderation,
      heldFor: row.held_for,
      revision: row.revision,
    },
  };
  const { public_lon: lon, public_lat: lat } = response;
  if (!isShown(response) || lon === null || lat === null || after === null) {
    return { ...base, identified: false, public: { visibility: 'not_shown' } };
  }
  const feature = feedbackFeature(
    { ...response, public_lon: lon, public_lat: lat },
    aggregateOf(after.ratings),
    after.updatedAt,
  );
  return { ...base, identified: true, public: { visibility: 'shown', feature } };
}

/**
 * The event of a change, its aggregate read in the writer's transaction under the response's
 * feedback lock, so that it includes every change committed before.
 */
export async function feedbackEvent(
  db: Queryable,
  change: FeedbackChange,
  response: RatedResponse,
  row: FeedbackRow,
): Promise<NewEvent> {
  if (!isShown(response)) return buildFeedbackEvent(change, response, row, null);
  const aggregate = (
    await db.query<{ ratings: number[]; updated_at: Date | null }>(SELECT_AGGREGATE, [
      response.response_id,
    ])
  ).rows[0];
  return buildFeedbackEvent(change, response, row, {
    ratings: aggregate?.ratings ?? [],
    updatedAt: aggregate?.updated_at ?? row.updated_at,
  });
}
