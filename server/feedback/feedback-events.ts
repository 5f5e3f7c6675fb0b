import { FEEDBACK_LAYER, type FeedbackChange } from '../../shared/layers/feedback.js';
import type { NewEvent } from '../record/events.js';
import type { Queryable } from '../record/record-session.js';
import { aggregateOf, feedbackFeature } from './feedback-aggregate.js';
import { isShown, type FeedbackRow, type RatedResponse } from './feedback-row.js';
import { SELECT_AGGREGATE } from './feedback.queries.js';

/**
 * The event of a change to one feedback: publicly the response's aggregate after the change
 * (count, mean, distribution) at its incident's public point, or only that something happened
 * on that day when the incident is not a point on the public map; privately the feedback as
 * written. Read under the response's feedback lock, so the aggregate includes every change
 * committed before.
 */
export async function feedbackEvent(
  db: Queryable,
  change: FeedbackChange,
  response: RatedResponse,
  row: FeedbackRow,
): Promise<NewEvent> {
  const shown = isShown(response);
  const privatePart = {
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
  };
  const base = {
    type: 'feedback.changed',
    entity: FEEDBACK_LAYER.entity,
    entityId: response.response_id,
    private: privatePart,
  };
  if (!shown || response.public_lon === null || response.public_lat === null) {
    return { ...base, identified: false, public: { visibility: 'not_shown' } };
  }
  const aggregate = (
    await db.query<{ ratings: number[]; updated_at: Date | null }>(SELECT_AGGREGATE, [
      response.response_id,
    ])
  ).rows[0];
  const feature = feedbackFeature(
    { ...response, public_lon: response.public_lon, public_lat: response.public_lat },
    aggregateOf(aggregate?.ratings ?? []),
    aggregate?.updated_at ?? row.updated_at,
  );
  return { ...base, identified: true, public: { visibility: 'shown', feature } };
}
