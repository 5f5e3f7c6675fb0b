import { Type } from 'typebox';
import { UuidSchema } from '../schemas/common.js';
import {
  DispatcherResponseFeaturePropertiesSchema,
  DispatcherResponseFeatureSchema,
  PublicResponseFeaturePropertiesSchema,
  PublicResponseFeatureSchema,
  ResponseStepKindSchema,
} from '../schemas/response.js';
import { closedFeature } from './closed-feature.js';
import type { LayerDeclaration } from './declaration.js';

const PublicFeatureSchema = closedFeature(
  PublicResponseFeatureSchema,
  PublicResponseFeaturePropertiesSchema,
);
const DispatcherFeatureSchema = closedFeature(
  DispatcherResponseFeatureSchema,
  DispatcherResponseFeaturePropertiesSchema,
);

const stepFields = {
  id: UuidSchema,
  kind: ResponseStepKindSchema,
  at: Type.String({ description: 'ISO 8601, UTC' }),
  disposition: Type.Union([Type.String(), Type.Null()]),
  supersedes: Type.Union([UuidSchema, Type.Null()]),
};

/** The step this event recorded, as the public sees it: never the unit's call sign. */
const PublicStepSchema = Type.Object(stepFields, { additionalProperties: false });

/** The step as dispatch recorded it, with the unit. */
const PrivateStepSchema = Type.Object(
  { ...stepFields, unit: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);

/**
 * A response whose incident is a point on the public map: its feature at that public point,
 * and the step recorded (absent where the event is about the incident changing, not a step).
 */
const ShownSchema = Type.Object(
  {
    visibility: Type.Literal('shown'),
    feature: PublicFeatureSchema,
    step: Type.Optional(PublicStepSchema),
  },
  { additionalProperties: false },
);

/**
 * A response the public may not single out: its incident is only counted or hidden, or the
 * call has no place at all. The record says only that an event about some response happened
 * (the envelope adds the day).
 */
const NotShownSchema = Type.Object(
  { visibility: Type.Literal('not_shown') },
  { additionalProperties: false },
);

/**
 * Dispatch's view: the feature at the exact point (none for a call without a place) and the
 * step with its unit.
 */
const PrivatePartSchema = Type.Object(
  {
    feature: Type.Optional(DispatcherFeatureSchema),
    step: Type.Optional(PrivateStepSchema),
  },
  { additionalProperties: false },
);

export const RESPONSES_LAYER = {
  layer: 'responses',
  entity: 'response',
  events: {
    'response.created': {
      stream: 'created',
      public: Type.Union([ShownSchema, NotShownSchema]),
      private: PrivatePartSchema,
    },
    'response.updated': {
      stream: 'updated',
      public: Type.Union([ShownSchema, NotShownSchema]),
      private: PrivatePartSchema,
    },
  },
} as const satisfies LayerDeclaration;
