import { Type, type Static } from 'typebox';
import { SafeText, UuidSchema } from './common.js';
import { RATING_MAX, RATING_MIN } from './response-constants.js';

/**
 * Public feedback on one police response (issue 13, part 3), owned by server/feedback: a rating
 * and an optional comment by a signed-in resident, one per person per response, editable. The
 * comment is public only once moderated (and redacted); the author is never public. Feedback is
 * about the response, never about a named officer.
 */

export const RatingSchema = Type.Integer({ minimum: RATING_MIN, maximum: RATING_MAX });

/** `POST /api/v1/incidents/:id/responses/:responseId/feedback` (create, or edit one's own). */
export const FeedbackWriteSchema = Type.Object(
  {
    rating: RatingSchema,
    comment: Type.Optional(SafeText({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type FeedbackWrite = Static<typeof FeedbackWriteSchema>;

/** Ratings 1 to 5: how many gave each (index 0 is rating 1). */
export const RatingDistributionSchema = Type.Array(Type.Integer({ minimum: 0 }), {
  minItems: RATING_MAX,
  maxItems: RATING_MAX,
});

/** What anyone sees of one response's feedback. */
export const FeedbackSummarySchema = Type.Object({
  responseId: UuidSchema,
  count: Type.Integer({ minimum: 0 }),
  mean: Type.Union([Type.Number(), Type.Null()]),
  distribution: RatingDistributionSchema,
  /** Moderated comments only, redacted; never who wrote them. */
  comments: Type.Array(
    Type.Object({ rating: RatingSchema, comment: Type.String(), at: Type.String() }),
  ),
});
export type FeedbackSummary = Static<typeof FeedbackSummarySchema>;

/** The signed-in author's own feedback, with its history. */
export const MyFeedbackSchema = Type.Object({
  id: UuidSchema,
  responseId: UuidSchema,
  rating: RatingSchema,
  comment: Type.Union([Type.String(), Type.Null()]),
  moderation: Type.String(),
  revision: Type.Integer({ minimum: 1 }),
  history: Type.Array(
    Type.Object({
      revision: Type.Integer({ minimum: 1 }),
      rating: RatingSchema,
      comment: Type.Union([Type.String(), Type.Null()]),
      at: Type.String(),
    }),
  ),
});
export type MyFeedback = Static<typeof MyFeedbackSchema>;

/**
 * The feedback layer's feature (live stream, REST): one per response with ratings, at the
 * incident's public point; its id is the response id.
 */
export const FeedbackFeaturePropertiesSchema = Type.Object({
  incidentId: UuidSchema,
  count: Type.Integer({ minimum: 0 }),
  mean: Type.Union([Type.Number(), Type.Null()]),
  distribution: RatingDistributionSchema,
  updatedAt: Type.String({ description: 'ISO 8601, UTC' }),
});
export type FeedbackFeatureProperties = Static<typeof FeedbackFeaturePropertiesSchema>;

export const FeedbackFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: UuidSchema,
  geometry: Type.Object({
    type: Type.Literal('Point'),
    coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
  }),
  properties: FeedbackFeaturePropertiesSchema,
});
export type FeedbackFeature = Static<typeof FeedbackFeatureSchema>;
