import type pg from 'pg';
import { parseBbox } from '../../shared/geo/bbox.js';
import type {
  FeedbackCollection,
  FeedbackListQuery,
  FeedbackSummary,
} from '../../shared/schemas/feedback.js';
import type { Role } from '../../shared/roles.js';
import { InvalidRequestError } from '../errors.js';
import { aggregateOf, feedbackFeature } from './feedback-aggregate.js';
import { visibleResponse } from './feedback-response.js';
import type { RatedResponse } from './feedback-row.js';
import { SELECT_AGGREGATE, SELECT_LAYER, SELECT_PUBLIC_COMMENTS } from './feedback.queries.js';

/**
 * What anyone sees of a response's feedback: the counted ratings' count, mean and distribution,
 * and the approved comments as a moderator let them through. Never an author, never a comment
 * that no moderator approved.
 */
export async function feedbackSummary(
  pool: pg.Pool,
  role: Role,
  incidentId: string,
  responseId: string,
): Promise<FeedbackSummary> {
  const response = await visibleResponse(pool, role, incidentId, responseId);
  const [aggregate, comments] = await Promise.all([
    pool.query<{ ratings: number[] }>(SELECT_AGGREGATE, [response.response_id]),
    pool.query<{ rating: number; public_comment: string; updated_at: Date }>(
      SELECT_PUBLIC_COMMENTS,
      [response.response_id],
    ),
  ]);
  return {
    responseId: response.response_id,
    ...aggregateOf(aggregate.rows[0]?.ratings ?? []),
    comments: comments.rows.map((row) => ({
      rating: row.rating,
      comment: row.public_comment,
      at: row.updated_at.toISOString(),
    })),
  };
}

interface LayerRow extends Omit<RatedResponse, 'visibility'> {
  ratings: number[];
  updated_at: Date;
}

/**
 * The feedback layer for the map's first load: one feature per response of an incident on the
 * public map, at its public point (for everyone, dispatch included: see the layer's audience
 * rule), most recently rated first.
 */
export async function listFeedback(
  pool: pg.Pool,
  query: FeedbackListQuery,
): Promise<FeedbackCollection> {
  let bbox: readonly [number, number, number, number] | null = null;
  if (query.bbox !== undefined) {
    const parsed = parseBbox(query.bbox);
    if (!parsed.ok) throw new InvalidRequestError(parsed.message);
    bbox = parsed.bbox;
  }
  const rows = await pool.query<LayerRow>(SELECT_LAYER, [
    ...(bbox ?? [null, null, null, null]),
    query.limit ?? 1000,
  ]);
  return {
    type: 'FeatureCollection',
    features: rows.rows.flatMap((row) =>
      row.public_lon === null || row.public_lat === null
        ? []
        : [
            feedbackFeature(
              {
                ...row,
                visibility: 'point',
                public_lon: row.public_lon,
                public_lat: row.public_lat,
              },
              aggregateOf(row.ratings),
              row.updated_at,
            ),
          ],
    ),
  };
}
