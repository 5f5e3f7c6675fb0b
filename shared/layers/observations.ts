import { Type } from 'typebox';
import {
  DispatcherObservationFeatureSchema,
  DispatcherObservationPropertiesSchema,
  PublicObservationFeatureSchema,
  PublicObservationPropertiesSchema,
} from '../schemas/observation.js';
import { closedFeature } from './closed-feature.js';
import type { LayerDeclaration } from './declaration.js';

const PublicFeatureSchema = closedFeature(
  PublicObservationFeatureSchema,
  PublicObservationPropertiesSchema,
);
const DispatcherFeatureSchema = closedFeature(
  DispatcherObservationFeatureSchema,
  DispatcherObservationPropertiesSchema,
);

/** What a change to an item on the public map can touch, named in an update's public part. */
export const OBSERVATION_CHANGES = [
  'shown',
  'reports',
  'verification',
  'text',
  'behaviours',
  'observedAt',
  'incidentId',
] as const;
export type ObservationChange = (typeof OBSERVATION_CHANGES)[number];

const ChangesSchema = Type.Array(Type.Enum(OBSERVATION_CHANGES), {
  minItems: 1,
  uniqueItems: true,
});

/**
 * The public item: an approved report, or the group of corroborating reports of one event, as
 * ONE feature (id = the group's first report) at its cell's public point. Never a report's own
 * feature, never its exact place, unmoderated text or reporter.
 */
const shown = (changes: 'none' | 'some') =>
  Type.Object(
    {
      visibility: Type.Literal('shown'),
      feature: PublicFeatureSchema,
      ...(changes === 'some' ? { changes: ChangesSchema } : {}),
    },
    { additionalProperties: false },
  );

/**
 * An item not on the public map (nothing approved yet, or no longer): the record says only that
 * an event about some observation happened, and (from the envelope, identified = false) its day.
 */
const NotShownSchema = Type.Object(
  { visibility: Type.Literal('not_shown') },
  { additionalProperties: false },
);

/**
 * The one report the event is about, as dispatch sees it: the exact point, the text as written,
 * moderation and verification states, the rules that held it. Never who reported it.
 * `reason`: the dispatcher's or moderator's words for this change, if any.
 */
const PrivatePartSchema = Type.Object(
  {
    feature: DispatcherFeatureSchema,
    reason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);

export const OBSERVATIONS_LAYER = {
  layer: 'observations',
  entity: 'observation',
  events: {
    'observation.created': {
      stream: 'created',
      public: Type.Union([shown('none'), NotShownSchema]),
      private: PrivatePartSchema,
    },
    'observation.updated': {
      stream: 'updated',
      public: Type.Union([shown('some'), NotShownSchema]),
      private: PrivatePartSchema,
    },
  },
} as const satisfies LayerDeclaration;
