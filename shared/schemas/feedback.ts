import { Type, type Static } from 'typebox';
import { FEEDBACK_HOLD_RULES } from '../feedback/hold-rules.js';
import { BBOX_DESCRIPTION, SafeText, UuidSchema } from './common.js';
import { CategorySchema } from './incident-fields.js';
import { RATING_MAX, RATING_MIN } from './response-constants.js';

/**
 * Public feedback on one police response (issue 13, part 3), owned by server/feedback: a rating
 * and an optional comment by a signed-in resident, one per person per response, editable. The
 * comment is public only once moderated (and redacted); the author is never public. Feedback is
 * about the response, never about a named officer.
 */

export const RatingSchema = Type.Integer({ minimum: RATING_MIN, maximum: RATING_MAX });

/** `POST /api/v1/incidents/:id/responses/:responseId/feedback` (create, or edit one's own). */
export const FEEDBACK_COMMENT_MAX = 500;
const CommentSchema = SafeText({ minLength: 1, maxLength: FEEDBACK_COMMENT_MAX });

export const FeedbackWriteSchema = Type.Object(
  {
    rating: RatingSchema,
    comment: Type.Optional(CommentSchema),
  },
  { additionalProperties: false },
);
export type FeedbackWrite = Static<typeof FeedbackWriteSchema>;

/**
 * `PATCH …/feedback/mine`: a new rating and/or comment (null takes the comment away). A new
 * comment waits for moderation again; each edit is a new revision, the earlier ones kept.
 */
export const FeedbackEditSchema = Type.Object(
  {
    rating: Type.Optional(RatingSchema),
    comment: Type.Optional(Type.Union([CommentSchema, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type FeedbackEdit = Static<typeof FeedbackEditSchema>;

export const FeedbackParamsSchema = Type.Object({ id: UuidSchema, responseId: UuidSchema });
export type FeedbackParams = Static<typeof FeedbackParamsSchema>;

/** `GET /api/v1/feedback?bbox&limit`: the map's first load of the feedback layer. */
export const FeedbackListQuerySchema = Type.Object({
  bbox: Type.Optional(Type.String({ description: BBOX_DESCRIPTION })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 1000 })),
});
export type FeedbackListQuery = Static<typeof FeedbackListQuerySchema>;

export const FeedbackHoldRuleSchema = Type.Enum(FEEDBACK_HOLD_RULES);

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
  /** Why the comment waits for a moderator (the form explains each rule); empty otherwise. */
  heldFor: Type.Array(FeedbackHoldRuleSchema),
  /** The comment as the public reads it (approved, perhaps redacted); null until then. */
  publicComment: Type.Union([Type.String(), Type.Null()]),
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
  /** The incident's category (public already), so a map filtered by category keeps it. */
  category: CategorySchema,
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

export const FeedbackCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(FeedbackFeatureSchema),
});
export type FeedbackCollection = Static<typeof FeedbackCollectionSchema>;

/** A feedback comment in the moderators' queue: the text as written, never who wrote it. */
export const FeedbackQueueItemSchema = Type.Object({
  kind: Type.Literal('feedback'),
  id: UuidSchema,
  responseId: UuidSchema,
  incidentId: Type.Union([UuidSchema, Type.Null()]),
  rating: RatingSchema,
  text: Type.String(),
  heldFor: Type.Array(FeedbackHoldRuleSchema),
  state: Type.String(),
  publicText: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export type FeedbackQueueItem = Static<typeof FeedbackQueueItemSchema>;
