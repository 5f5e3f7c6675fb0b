import { RATING_MAX, RATING_MIN } from '../../shared/schemas/response-constants.js';
import type { FeedbackFeature } from '../../shared/schemas/feedback.js';
import type { RatedResponse } from './feedback-row.js';

export interface RatingAggregate {
  count: number;
  mean: number | null;
  distribution: number[];
}

/** Count, mean (two decimals) and how many gave each rating, of the ratings that count. */
export function aggregateOf(ratings: readonly number[]): RatingAggregate {
  const distribution = new Array<number>(RATING_MAX - RATING_MIN + 1).fill(0);
  let sum = 0;
  for (const rating of ratings) {
    distribution[rating - RATING_MIN] = (distribution[rating - RATING_MIN] ?? 0) + 1;
    sum += rating;
  }
  const count = ratings.length;
  return { count, mean: count === 0 ? null : Math.round((sum / count) * 100) / 100, distribution };
}

/** The feedback layer's feature of a response shown on the public map: its id is the response's. */
export function feedbackFeature(
  response: RatedResponse & { public_lon: number; public_lat: number },
  aggregate: RatingAggregate,
  updatedAt: Date,
): FeedbackFeature {
  return {
    type: 'Feature',
    id: response.response_id,
    geometry: { type: 'Point', coordinates: [response.public_lon, response.public_lat] },
    properties: {
      incidentId: response.incident_id,
      category: response.category,
      ...aggregate,
      updatedAt: updatedAt.toISOString(),
    },
  };
}
