import { Type } from 'typebox';
import { PUBLIC_POLICIES } from '../categories.js';
import { IncidentPatchSchema } from '../schemas/incident.js';
import {
  DispatcherIncidentFeatureSchema,
  DispatcherIncidentPropertiesSchema,
  PublicIncidentFeatureSchema,
  PublicIncidentPropertiesSchema,
} from '../schemas/incident-feature.js';
import { CategorySchema, PrioritySchema, StatusSchema } from '../schemas/incident-fields.js';
import { closedFeature } from './closed-feature.js';
import type { LayerDeclaration } from './declaration.js';

const PublicFeatureSchema = closedFeature(
  PublicIncidentFeatureSchema,
  PublicIncidentPropertiesSchema,
);
const DispatcherFeatureSchema = closedFeature(
  DispatcherIncidentFeatureSchema,
  DispatcherIncidentPropertiesSchema,
);

/** The policies under which an incident is a point on the public map. */
const SHOWN_POLICIES = PUBLIC_POLICIES.filter(
  (policy) => policy === 'point' || policy === 'coarse',
);

/** What a category change that coarsens the public point recomputes (the place in words). */
export const PLACE_CHANGES = ['district', 'place'] as const;

/** An appeal for information opened, closed or its tip count moved (server/appeals). */
export const APPEAL_CHANGE = 'appeal';

/** The fields a change can touch, named in an update's public part. */
const ChangesSchema = Type.Array(
  Type.Enum([...Object.keys(IncidentPatchSchema.properties), ...PLACE_CHANGES, APPEAL_CHANGE]),
  {
    minItems: 1,
    uniqueItems: true,
  },
);

const shown = (changes: 'none' | 'some') =>
  Type.Object(
    {
      visibility: Type.Enum(SHOWN_POLICIES),
      /** Snapped to its policy's grid cell, its summary redacted. */
      feature: PublicFeatureSchema,
      ...(changes === 'some' ? { changes: ChangesSchema } : {}),
    },
    { additionalProperties: false },
  );

/**
 * An incident kept out of public view: the record says only that an event about some incident
 * not shown happened (the envelope adds the day), not its category nor its policy.
 */
const NotShownSchema = Type.Object(
  { visibility: Type.Literal('not_shown') },
  { additionalProperties: false },
);

const BeforeSchema = Type.Object(
  {
    category: CategorySchema,
    priority: PrioritySchema,
    status: StatusSchema,
    visibility: Type.Enum(PUBLIC_POLICIES),
    summary: Type.String(),
  },
  { additionalProperties: false },
);

/** The whole incident as a dispatcher sees it: the exact place and the unredacted summary. */
const privatePart = (before: 'none' | 'some') =>
  Type.Object(
    { feature: DispatcherFeatureSchema, ...(before === 'some' ? { before: BeforeSchema } : {}) },
    { additionalProperties: false },
  );

export const INCIDENTS_LAYER = {
  layer: 'incidents',
  entity: 'incident',
  events: {
    'incident.created': {
      stream: 'created',
      public: Type.Union([shown('none'), NotShownSchema]),
      private: privatePart('none'),
    },
    'incident.updated': {
      stream: 'updated',
      public: Type.Union([shown('some'), NotShownSchema]),
      private: privatePart('some'),
    },
  },
} as const satisfies LayerDeclaration;
