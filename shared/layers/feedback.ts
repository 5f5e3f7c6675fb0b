import { Type } from 'typebox';
import { FEEDBACK_HOLD_RULES } from '../feedback/hold-rules.js';
import { MODERATION_STATES_FOR_LOG } from '../schemas/moderation-constants.js';
import {
  FeedbackFeaturePropertiesSchema,
  FeedbackFeatureSchema,
  RatingSchema,
} from '../schemas/feedback.js';
import { closedFeature } from './closed-feature.js';
import type { LayerDeclaration } from './declaration.js';

const PublicFeatureSchema = closedFeature(FeedbackFeatureSchema, FeedbackFeaturePropertiesSchema);

/** What happened to the one feedback the event is about. */
export const FEEDBACK_CHANGES = ['created', 'edited', 'withdrawn', 'moderated'] as const;
export type FeedbackChange = (typeof FEEDBACK_CHANGES)[number];

/**
 * The response's ratings as everyone sees them: ONE feature per response (id = the response
 * id) at its incident's public point, with the count, mean and distribution of the ratings
 * that count. Never one person's feedback, its comment or its author: the aggregate is what
 * the public part may carry.
 */
const ShownSchema = Type.Object(
  { visibility: Type.Literal('shown'), feature: PublicFeatureSchema },
  { additionalProperties: false },
);

/**
 * Feedback on a response whose incident is not a point on the public map (its category is
 * shown only in aggregate, or hidden): the record says only that an event about some feedback
 * happened, and (from the envelope, identified = false) its day.
 */
const NotShownSchema = Type.Object(
  { visibility: Type.Literal('not_shown') },
  { additionalProperties: false },
);

/**
 * The one feedback as its author wrote it, for auditors: the rating, the comment as written,
 * its moderation. Never the author's account: who rated is nobody's business but theirs (and
 * no part of the record may let a person's ratings be gathered). No `feature`: no audience is
 * streamed this part (shared/layers/audiences.ts).
 */
const PrivatePartSchema = Type.Object(
  {
    change: Type.Enum(FEEDBACK_CHANGES),
    feedbackId: Type.String({ format: 'uuid' }),
    responseId: Type.String({ format: 'uuid' }),
    incidentId: Type.String({ format: 'uuid' }),
    rating: RatingSchema,
    comment: Type.Union([Type.String(), Type.Null()]),
    publicComment: Type.Union([Type.String(), Type.Null()]),
    moderation: Type.Enum(MODERATION_STATES_FOR_LOG),
    heldFor: Type.Array(Type.Enum(FEEDBACK_HOLD_RULES)),
    revision: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);

export const FEEDBACK_LAYER = {
  layer: 'feedback',
  entity: 'feedback',
  events: {
    'feedback.changed': {
      stream: 'updated',
      public: Type.Union([ShownSchema, NotShownSchema]),
      private: PrivatePartSchema,
    },
  },
} as const satisfies LayerDeclaration;
