import { Type, type Static } from 'typebox';
import { BBOX_DESCRIPTION, DateTimeSchema, SafeText, UuidSchema } from './common.js';
import { RESPONSE_STEPS } from './response-constants.js';

export * from './response-constants.js';

/**
 * A police response to one incident: its timeline of steps and the figures derived from them.
 * Owned by server/responses (issue 13, part 1). The public sees the steps (kind and time) and
 * the figures of a response whose incident it may see; the unit's call sign is dispatch's only.
 */

export const ResponseStepKindSchema = Type.Enum(RESPONSE_STEPS);

/** `POST /api/v1/incidents/:id/responses`: one step appended to the incident's response. */
export const ResponseStepCreateSchema = Type.Object(
  {
    step: ResponseStepKindSchema,
    at: Type.Optional(DateTimeSchema),
    unit: Type.Optional(
      SafeText({ minLength: 1, maxLength: 40, description: "A unit's call sign (never public)" }),
    ),
    disposition: Type.Optional(
      SafeText({ minLength: 1, maxLength: 60, description: 'How the call ended (a CAD code)' }),
    ),
    /** API.md's first name for `disposition`; kept so clients written against it still work. */
    outcome: Type.Optional(SafeText({ minLength: 1, maxLength: 60 })),
    supersedes: Type.Optional(UuidSchema),
    officerInitiated: Type.Optional(
      Type.Boolean({
        description:
          'Only with the `received` step: an officer started this call (no call from the public)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ResponseStepCreate = Static<typeof ResponseStepCreateSchema>;

const SecondsSchema = Type.Union([Type.Number({ minimum: 0 }), Type.Null()]);

export const ResponseFiguresSchema = Type.Object({
  toDispatchSeconds: SecondsSchema,
  toSceneSeconds: SecondsSchema,
  onSceneSeconds: SecondsSchema,
});
export type ResponseFigures = Static<typeof ResponseFiguresSchema>;

export const ResponseStepViewSchema = Type.Object({
  id: UuidSchema,
  step: ResponseStepKindSchema,
  at: Type.String({ description: 'ISO 8601, UTC' }),
  disposition: Type.Union([Type.String(), Type.Null()]),
  supersedes: Type.Union([UuidSchema, Type.Null()]),
  supersededBy: Type.Union([UuidSchema, Type.Null()]),
  recordedAt: Type.String({ description: 'ISO 8601, UTC' }),
  /** Dispatch's views only. */
  unit: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type ResponseStepView = Static<typeof ResponseStepViewSchema>;

export const ResponseSchema = Type.Object({
  id: UuidSchema,
  incidentId: UuidSchema,
  state: ResponseStepKindSchema,
  priority: Type.Integer({ minimum: 1, maximum: 5 }),
  officerInitiated: Type.Boolean(),
  disposition: Type.Union([Type.String(), Type.Null()]),
  figures: ResponseFiguresSchema,
  steps: Type.Array(ResponseStepViewSchema),
});
export type Response = Static<typeof ResponseSchema>;

/**
 * The responses layer's feature (live stream, REST): the incident's point (public: its public,
 * generalised point; dispatch: the exact one), styled by state and time to scene. Its id is the
 * response id. Incidents the public may not see as a point give no public feature.
 */
export const ResponseFeaturePropertiesSchema = Type.Object({
  incidentId: UuidSchema,
  category: Type.String(),
  priority: Type.Integer({ minimum: 1, maximum: 5 }),
  state: ResponseStepKindSchema,
  officerInitiated: Type.Boolean(),
  figures: ResponseFiguresSchema,
  updatedAt: Type.String({ description: 'ISO 8601, UTC' }),
  locationPrecision: Type.Union([Type.Literal('approximate'), Type.Literal('exact')]),
});
export type ResponseFeatureProperties = Static<typeof ResponseFeaturePropertiesSchema>;

export const ResponseFeatureSchema = Type.Object({
  type: Type.Literal('Feature'),
  id: UuidSchema,
  geometry: Type.Object({
    type: Type.Literal('Point'),
    coordinates: Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }),
  }),
  properties: ResponseFeaturePropertiesSchema,
});
export type ResponseFeature = Static<typeof ResponseFeatureSchema>;

/** The feature as the public sees it: at the incident's public point. */
export const PublicResponseFeaturePropertiesSchema = Type.Object({
  ...ResponseFeaturePropertiesSchema.properties,
  locationPrecision: Type.Literal('approximate'),
});
export const PublicResponseFeatureSchema = Type.Object({
  ...ResponseFeatureSchema.properties,
  properties: PublicResponseFeaturePropertiesSchema,
});
export type PublicResponseFeature = Static<typeof PublicResponseFeatureSchema>;

/** The feature as dispatch sees it: at the incident's exact point. */
export const DispatcherResponseFeaturePropertiesSchema = Type.Object({
  ...ResponseFeaturePropertiesSchema.properties,
  locationPrecision: Type.Literal('exact'),
});
export const DispatcherResponseFeatureSchema = Type.Object({
  ...ResponseFeatureSchema.properties,
  properties: DispatcherResponseFeaturePropertiesSchema,
});
export type DispatcherResponseFeature = Static<typeof DispatcherResponseFeatureSchema>;

/** `GET /api/v1/responses`: the map's first load of the responses layer. */
export const ResponseCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(ResponseFeatureSchema),
});
export type ResponseCollection = Static<typeof ResponseCollectionSchema>;

/** `GET /api/v1/responses`: responses of incidents in a bbox, received in a window. */
export const ResponseListQuerySchema = Type.Object(
  {
    bbox: Type.Optional(Type.String({ description: BBOX_DESCRIPTION })),
    from: Type.Optional(DateTimeSchema),
    to: Type.Optional(DateTimeSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })),
  },
  { additionalProperties: false },
);
export type ResponseListQuery = Static<typeof ResponseListQuerySchema>;
